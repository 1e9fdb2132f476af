{#- Invariants a reader checks by eye, one row per invariant and business model (definitions
    in _data_quality__models.yml). The data-quality gate fails when one does not hold, so a
    broken model never reaches the reports. -#}
with

rpt_stage_funnel as (
    select * from {{ ref('rpt_stage_funnel') }}
),

rpt_customer_lifetime_values as (
    select * from {{ ref('rpt_customer_lifetime_values') }}
),

fct_customer_lifetime_values as (
    select * from {{ ref('fct_customer_lifetime_values') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

fct_b2b_journeys as (
    select * from {{ ref('fct_b2b_journeys') }}
),

rpt_revenue_retention as (
    select * from {{ ref('rpt_revenue_retention') }}
),

rpt_retention_cohorts as (
    select * from {{ ref('rpt_retention_cohorts') }}
),

funnel_widening as (
    select
        'funnel_never_widens' as invariant_name,
        business_model,
        cast(coalesce(max(journeys_reached - previous_stage_journeys_reached), 0) as double)
            as observed_value,
        0.0 as limit_value
    from rpt_stage_funnel
    group by 1, 2
),

segment_values as (
    select
        business_model,
        avg(case when segment = 'churned' then predicted_clv end) as churned_mean_clv,
        avg(
            case
                when segment in ('newcomer', 'high_value', 'loyal', 'occasional')
                    then predicted_clv
            end
        ) as active_mean_clv
    from rpt_customer_lifetime_values
    group by 1
),

churned_below_active as (
    select
        'churned_valued_below_active' as invariant_name,
        business_model,
        cast(coalesce(churned_mean_clv, 0) as double) as observed_value,
        cast(coalesce(active_mean_clv, 0) as double) as limit_value
    from segment_values
),

last_conversion as (
    select max(converted_date) as last_converted_date
    from fct_conversions
),

last_year_revenue as (
    select
        fct_conversions.business_model,
        sum(fct_conversions.net_revenue) as net_revenue
    from fct_conversions
    cross join last_conversion
    where
        fct_conversions.converted_date
        > {{ dbt.dateadd('day', -365, 'last_conversion.last_converted_date') }}
    group by 1
),

predicted_next_year as (
    select
        business_model,
        sum(predicted_clv * 365.0 / clv_horizon_days) as predicted_value
    from fct_customer_lifetime_values
    group by 1
),

prediction_within_history as (
    select
        'predicted_year_within_1_25x_last_year' as invariant_name,
        predicted_next_year.business_model,
        cast(predicted_next_year.predicted_value as double) as observed_value,
        cast(1.25 * coalesce(last_year_revenue.net_revenue, 0) as double) as limit_value
    from predicted_next_year
    left join last_year_revenue
        on predicted_next_year.business_model = last_year_revenue.business_model
),

-- every money column readers see carries its currency; each must be the reporting currency
-- (null where a row has no money, e.g. a journey that never converted)
money_currencies as (
    select
        business_model,
        currency
    from fct_conversions
    union all
    select
        business_model,
        currency
    from dim_segments
    union all
    select
        'b2b' as business_model,
        currency
    from fct_b2b_journeys
    union all
    select
        business_model,
        currency
    from rpt_revenue_retention
    union all
    select
        business_model,
        currency
    from rpt_retention_cohorts
),

one_currency as (
    select
        'one_reporting_currency' as invariant_name,
        business_model,
        cast(
            sum(case when currency != '{{ var('reporting_currency') }}' then 1 else 0 end)
            as double
        ) as observed_value,
        0.0 as limit_value
    from money_currencies
    group by 1, 2
),

invariants as (
    select
        *,
        observed_value <= limit_value as is_holding
    from funnel_widening
    union all
    select
        *,
        -- no churned (or no active) journeys: nothing to compare
        observed_value = 0 or limit_value = 0 or observed_value < limit_value as is_holding
    from churned_below_active
    union all
    select
        *,
        observed_value <= limit_value as is_holding
    from prediction_within_history
    union all
    select
        *,
        observed_value <= limit_value as is_holding
    from one_currency
),

final as (
    select
        invariant_name || '|' || business_model as invariant_id,
        invariant_name,
        business_model,
        observed_value,
        limit_value,
        is_holding
    from invariants
)

select * from final
