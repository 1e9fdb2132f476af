-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select
    * replace (
        label('business_model', business_model) as business_model,
        upper(survey_type) as survey_type,
        label('journey_stage', journey_stage) as journey_stage,
        coalesce(label_list('theme', nullif(themes, ''), ';'), '') as themes,
        coalesce(label_list('theme', nullif(pain_point_themes, ''), ';'), '') as pain_point_themes,
        label('theme', primary_theme) as primary_theme,
        label('event_type', touchpoint_event_type) as touchpoint_event_type,
        label('channel', channel) as channel
    ),
    pain_point_themes as pain_point_theme_codes
from rpt_feedback_verbatims
