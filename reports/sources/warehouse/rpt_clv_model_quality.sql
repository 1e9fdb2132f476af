select * from rpt_clv_model_quality
