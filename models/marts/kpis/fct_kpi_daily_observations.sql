{#- The headline KPIs as additive daily parts (definitions in seeds/kpi_metrics.csv): per
    business model, metric and day, a numerator and a denominator, so any window's value is
    sum(numerator) / sum(denominator) for ratios and sum(numerator) for counts and sums.
    Grows with days, not with events: the window joins downstream stay small. -#}
with

fct_journeys as (
    select * from {{ ref('fct_journeys') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

fct_customer_lifetime_values as (
    select * from {{ ref('fct_customer_lifetime_values') }}
),

fct_feedback_responses as (
    select * from {{ ref('fct_feedback_responses') }}
),

observations as (
    select
        business_model,
        'journeys_started' as metric,
        cast(first_touch_at as date) as observed_date,
        1.0 as numerator,
        1 as denominator
    from fct_journeys
    where first_touch_at is not null

    union all

    select
        business_model,
        'conversions' as metric,
        converted_date as observed_date,
        1.0 as numerator,
        1 as denominator
    from fct_conversions

    union all

    select
        business_model,
        'new_customers' as metric,
        converted_date as observed_date,
        case when conversion_number = 1 then 1.0 else 0.0 end as numerator,
        1 as denominator
    from fct_conversions

    union all

    select
        business_model,
        'net_revenue' as metric,
        converted_date as observed_date,
        cast(net_revenue as {{ type_double() }}) as numerator,
        1 as denominator
    from fct_conversions

    union all

    select
        business_model,
        'average_order_value' as metric,
        converted_date as observed_date,
        cast(net_revenue as {{ type_double() }}) as numerator,
        1 as denominator
    from fct_conversions

    union all

    select
        business_model,
        'predicted_clv_new_customers' as metric,
        first_purchase_date as observed_date,
        cast(predicted_clv as {{ type_double() }}) as numerator,
        1 as denominator
    from fct_customer_lifetime_values
    where predicted_clv is not null

    union all

    select
        business_model,
        'nps' as metric,
        responded_date as observed_date,
        case when is_promoter then 100.0 when is_detractor then -100.0 else 0.0 end as numerator,
        1 as denominator
    from fct_feedback_responses
    where survey_type = 'nps'

    union all

    select
        business_model,
        'csat_top_box_share' as metric,
        responded_date as observed_date,
        case when is_top_box then 1.0 else 0.0 end as numerator,
        1 as denominator
    from fct_feedback_responses
    where survey_type = 'csat'
),

final as (
    select
        business_model,
        metric,
        observed_date,
        sum(numerator) as numerator,
        sum(denominator) as denominator
    from observations
    group by 1, 2, 3
)

select * from final
