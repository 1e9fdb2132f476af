select * from rpt_metric_invariants
