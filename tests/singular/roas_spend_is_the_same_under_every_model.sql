{#- Spend is not attributed: per business model and window every attribution model carries the
    same total spend (rpt_return_on_ad_spend). -#}
with

spend_per_model as (
    select
        business_model,
        reporting_window,
        attribution_model,
        sum(spend) as spend
    from {{ ref('rpt_return_on_ad_spend') }}
    group by 1, 2, 3
)

select
    business_model,
    reporting_window,
    min(spend) as least_spend,
    max(spend) as most_spend
from spend_per_model
group by 1, 2
having min(spend) <> max(spend)
