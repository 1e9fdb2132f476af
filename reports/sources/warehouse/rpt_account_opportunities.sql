-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select * replace (
    label('opportunity_status', opportunity_status) as opportunity_status,
    label('b2b_stage', furthest_b2b_stage) as furthest_b2b_stage
)
from rpt_account_opportunities
