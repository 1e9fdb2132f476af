select * from rpt_revenue_retention
