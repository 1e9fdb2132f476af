select * from rpt_return_on_ad_spend
