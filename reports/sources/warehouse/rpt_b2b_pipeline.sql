select * from rpt_b2b_pipeline
