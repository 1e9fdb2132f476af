-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select
    * replace (
        label('business_model', business_model) as business_model,
        label('attribution_model', attribution_model) as attribution_model,
        label('channel', channel) as channel
    ),
    channel as channel_code
from rpt_return_on_ad_spend
