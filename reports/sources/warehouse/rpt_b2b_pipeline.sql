-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select * replace (
    label('b2b_stage', b2b_stage) as b2b_stage
)
from rpt_b2b_pipeline
