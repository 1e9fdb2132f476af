select * from rpt_feedback_verbatims
