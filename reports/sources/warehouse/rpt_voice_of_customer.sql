-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select * replace (
    label('business_model', business_model) as business_model,
    upper(survey_type) as survey_type,
    label(dimension_name, dimension_value) as dimension_value
)
from rpt_voice_of_customer
