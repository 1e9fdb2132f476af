select * from rpt_journey_flows
