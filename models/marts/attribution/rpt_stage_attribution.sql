{#- Stage attribution: credit per journey stage, and per channel within each stage, by model. -#}
with

fct_attribution_weights as (
    select * from {{ ref('fct_attribution_weights') }}
),

per_channel as (
    select
        business_model,
        attribution_model,
        journey_stage,
        channel,
        sum(weight) as credited_conversions,
        cast(sum(revenue_credit) as decimal(18, 2)) as credited_revenue
    from fct_attribution_weights
    group by 1, 2, 3, 4
),

final as (
    select
        business_model || '|' || attribution_model || '|' || journey_stage || '|' || channel
            as report_row_id,
        business_model,
        attribution_model,
        journey_stage,
        channel,
        credited_conversions,
        credited_revenue,
        sum(credited_conversions) over (
            partition by business_model, attribution_model, journey_stage
        ) as stage_credited_conversions,
        credited_conversions / sum(credited_conversions) over (
            partition by business_model, attribution_model
        ) as share_of_all_credit,
        credited_conversions / sum(credited_conversions) over (
            partition by business_model, attribution_model, journey_stage
        ) as share_within_stage
    from per_channel
)

select * from final
