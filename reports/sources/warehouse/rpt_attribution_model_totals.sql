select * from rpt_attribution_model_totals
