select * from rpt_retention_cohorts
