-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select
    * replace (
        label('business_model', business_model) as business_model,
        label('segment', segment) as segment,
        label('channel', entry_channel) as entry_channel,
        label_list('channel', channel_path, ' > ') as channel_path,
        label_list('journey_stage', stage_path, ' > ') as stage_path
    ),
    segment as segment_code
from rpt_path_summary
