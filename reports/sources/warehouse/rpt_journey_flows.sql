-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select * replace (
    label('business_model', business_model) as business_model,
    label('segment', segment) as segment,
    label('channel', entry_channel) as entry_channel,
    label_node(if(flow_dimension = 'stage', 'journey_stage', 'channel'), source_node) as source_node,
    label_node(if(flow_dimension = 'stage', 'journey_stage', 'channel'), target_node) as target_node
)
from rpt_journey_flows
