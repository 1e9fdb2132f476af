select * from rpt_pain_points
