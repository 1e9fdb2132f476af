-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select
    * replace (
        label('business_model', business_model) as business_model,
        label(dimension_name, dimension_value) as dimension_value,
        label('theme', theme) as theme
    ),
    theme as theme_code,
    label('dimension', dimension_name) as dimension_label
from rpt_pain_points
