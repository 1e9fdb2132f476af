-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select * replace (
    label('business_model', business_model) as business_model,
    label('period', period) as period
)
from rpt_stage_funnel_by_period
