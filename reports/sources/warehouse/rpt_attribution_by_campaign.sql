select * from rpt_attribution_by_campaign
