select * from rpt_cost_to_serve
