-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select
    * replace (
        label('business_model', business_model) as business_model,
        upper(survey_type) as survey_type,
        label('journey_stage', journey_stage) as journey_stage,
        label('channel', channel) as channel
    ),
    channel as channel_code
from rpt_channel_consistency
