select * from rpt_stage_attribution
