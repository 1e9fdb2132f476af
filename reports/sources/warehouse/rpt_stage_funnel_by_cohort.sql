select * from rpt_stage_funnel_by_cohort
