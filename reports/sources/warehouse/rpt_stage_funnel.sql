select * from rpt_stage_funnel
