-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select
    * replace (
        label('business_model', business_model) as business_model,
        label('segment', segment) as segment,
        label('prediction_method', prediction_method) as prediction_method
    ),
    segment as segment_code
from rpt_customer_lifetime_values
