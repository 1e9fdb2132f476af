select * from rpt_clv_holdout_calibration
