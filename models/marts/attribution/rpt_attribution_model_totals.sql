{#- Per business model and attribution model: conversions and revenue, and what the model
    credited. Both gaps are 0 when every conversion's weights sum to 1. -#}
with

fct_attribution_weights as (
    select * from {{ ref('fct_attribution_weights') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

conversions as (
    select
        business_model,
        count(*) as conversions,
        cast(sum(net_revenue) as decimal(18, 2)) as net_revenue
    from fct_conversions
    group by 1
),

credited as (
    select
        business_model,
        attribution_model,
        sum(weight) as credited_conversions,
        cast(sum(revenue_credit) as decimal(18, 2)) as credited_revenue,
        count(distinct conversion_id) as conversions_with_credit,
        sum(case when channel = '(unattributed)' then weight else 0 end)
            as unattributed_conversions
    from fct_attribution_weights
    group by 1, 2
),

final as (
    select
        credited.business_model || '|' || credited.attribution_model as report_row_id,
        credited.business_model,
        credited.attribution_model,
        conversions.conversions,
        conversions.net_revenue,
        credited.credited_conversions,
        credited.credited_revenue,
        credited.unattributed_conversions,
        -- rounded: a sum of float shares over hundreds of thousands of conversions carries
        -- ~1e-5 of noise; a lost or doubled conversion is a gap of whole or half units
        round(credited.credited_conversions - conversions.conversions, 4)
            as conversion_credit_gap,
        -- decimal(18, 2) on every engine (Spark widens a difference of decimals)
        cast(credited.credited_revenue - conversions.net_revenue as decimal(18, 2))
            as revenue_credit_gap
    from credited
    inner join conversions
        on credited.business_model = conversions.business_model
)

select * from final
