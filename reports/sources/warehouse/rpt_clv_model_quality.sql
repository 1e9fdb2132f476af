-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select * replace (
    label('business_model', business_model) as business_model,
    label('clv_model', model_name) as model_name
)
from rpt_clv_model_quality
