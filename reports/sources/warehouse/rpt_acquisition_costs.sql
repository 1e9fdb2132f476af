select * from rpt_acquisition_costs
