-- codes as readers see them: label() and friends are the snapshot's (journey_warehouse/publish.py)
select
    * replace (label('business_model', business_model) as business_model),
    label('kpi_metric', metric) as metric_label,
    -- the tile's comparison: relative for counts and money, in points for NPS and shares
    case unit
        when 'share' then 100 * absolute_change
        when 'score' then absolute_change
        else relative_change
    end as comparison_value
from rpt_kpi_trends
