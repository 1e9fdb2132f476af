-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py);
-- the operators' page keeps the codes beside them (the replay command takes them)
select
    *,
    label('dataset', dataset) as dataset_label,
    label('quarantine_reason', reason_code) as reason_label,
    label('quarantine_reason_help', reason_code) as reason_help
from rpt_quarantine_summary
