-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select
    * replace (
        label('business_model', business_model) as business_model,
        label('period', period) as period,
        label('attribution_model', attribution_model) as attribution_model,
        label('channel', channel) as channel,
        label('channel_group', channel_group) as channel_group
    ),
    channel as channel_code
from rpt_attribution_by_period
