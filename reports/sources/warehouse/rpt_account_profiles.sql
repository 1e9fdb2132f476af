-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select * replace (
    label('industry', industry) as industry,
    label('segment', segment) as segment,
    label('journey_stage', furthest_journey_stage) as furthest_journey_stage
)
from rpt_account_profiles
