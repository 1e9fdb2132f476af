-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py);
-- the operators' page keeps the codes beside them (the replay command takes them). A zero-width
-- space after each comma and colon lets the table wrap a long JSON or CSV line.
select
    * replace (
        replace(replace(example_text, ',', ',' || chr(8203)), ':', ':' || chr(8203))
            as example_text
    ),
    label('dataset', dataset) as dataset_label,
    label('quarantine_reason', reason_code) as reason_label
from rpt_quarantine_examples
