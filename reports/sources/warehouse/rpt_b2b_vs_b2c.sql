select * from rpt_b2b_vs_b2c
