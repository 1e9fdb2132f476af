-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select
    * replace (
        label('business_model', business_model) as business_model,
        upper(survey_type) as survey_type,
        label('journey_stage', journey_stage) as journey_stage,
        label('event_type', touchpoint_event_type) as touchpoint_event_type,
        label('channel', channel) as channel,
        label('theme', primary_theme) as primary_theme
    ),
    primary_theme as primary_theme_code
from rpt_detractor_follow_up
