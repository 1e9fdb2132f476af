{#- One row per journey (B2C person, B2B account) with its RFM scores and segment, measured at
    the reference date (the last conversion or touchpoint date in the data, see
    int_reference_dates_computed). Scores are quintiles (ntile 5) within the business model
    among converted journeys; equal values share the lowest quintile they reach, so ties always
    get the same score. Segments, first rule that holds wins:
      prospect    never converted;
      churned     last conversion more than `churn_inactivity_days` days ago;
      at_risk     last conversion more than half of `churn_inactivity_days` days ago;
      newcomer    first conversion at most `newcomer_days` (default 90) days ago;
      high_value  monetary score 5 (top net-revenue quintile of its business model);
      loyal       frequency score >= 4 and at least 2 conversions (frequent buyers);
      occasional  every other active customer. -#}
{%- set churn_days = var('churn_inactivity_days') -%}
{%- set newcomer_days = var('newcomer_days', 90) -%}
with

fct_journeys as (
    select * from {{ ref('fct_journeys') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

int_reference_dates_computed as (
    select * from {{ ref('int_reference_dates_computed') }}
),

journey_ids as (
    select
        journey_id,
        business_model
    from fct_journeys
    union
    select
        journey_id,
        business_model
    from fct_conversions
),

conversion_summary as (
    select
        journey_id,
        min(converted_date) as first_converted_date,
        max(converted_date) as last_converted_date,
        count(*) as conversion_count,
        sum(net_revenue) as net_revenue,
        {{ currency_label('currency') }} as currency
    from fct_conversions
    group by 1
),

measured as (
    select
        journey_ids.journey_id,
        journey_ids.business_model,
        fct_journeys.person_id,
        coalesce(
            fct_journeys.account_id,
            case
                when journey_ids.business_model = 'b2b'
                    then {{ dbt.split_part('journey_ids.journey_id', "':'", 2) }}
            end
        ) as account_id,
        int_reference_dates_computed.reference_date,
        cast(fct_journeys.last_touch_at as date) as last_touch_date,
        conversion_summary.first_converted_date,
        conversion_summary.last_converted_date,
        coalesce(conversion_summary.conversion_count, 0) as conversion_count,
        coalesce(conversion_summary.net_revenue, 0) as net_revenue,
        conversion_summary.currency,
        {{ dbt.datediff(
            'conversion_summary.last_converted_date',
            'int_reference_dates_computed.reference_date',
            'day'
        ) }} as days_since_last_conversion,
        {{ dbt.datediff(
            'conversion_summary.first_converted_date',
            'int_reference_dates_computed.reference_date',
            'day'
        ) }} as days_since_first_conversion,
        {{ dbt.datediff(
            'cast(fct_journeys.last_touch_at as date)',
            'int_reference_dates_computed.reference_date',
            'day'
        ) }} as days_since_last_touch
    from journey_ids
    cross join int_reference_dates_computed
    left join fct_journeys
        on journey_ids.journey_id = fct_journeys.journey_id
    left join conversion_summary
        on journey_ids.journey_id = conversion_summary.journey_id
),

tiled as (
    select
        journey_id,
        days_since_last_conversion,
        conversion_count,
        net_revenue,
        business_model,
        ntile(5) over (
            partition by business_model order by days_since_last_conversion desc
        ) as recency_tile,
        ntile(5) over (partition by business_model order by conversion_count) as frequency_tile,
        ntile(5) over (partition by business_model order by net_revenue) as monetary_tile
    from measured
    where conversion_count > 0
),

scored as (
    select
        journey_id,
        min(recency_tile) over (
            partition by business_model, days_since_last_conversion
        ) as recency_score,
        min(frequency_tile) over (partition by business_model, conversion_count)
            as frequency_score,
        min(monetary_tile) over (partition by business_model, net_revenue) as monetary_score
    from tiled
),

segmented as (
    select
        measured.*,
        scored.recency_score,
        scored.frequency_score,
        scored.monetary_score,
        case
            when measured.conversion_count = 0 then 'prospect'
            when measured.days_since_last_conversion > {{ churn_days }} then 'churned'
            when measured.days_since_last_conversion > {{ churn_days }} / 2.0 then 'at_risk'
            when measured.days_since_first_conversion <= {{ newcomer_days }} then 'newcomer'
            when scored.monetary_score = 5 then 'high_value'
            when scored.frequency_score >= 4 and measured.conversion_count >= 2 then 'loyal'
            else 'occasional'
        end as segment
    from measured
    left join scored
        on measured.journey_id = scored.journey_id
),

final as (
    select
        journey_id,
        business_model,
        person_id,
        account_id,
        segment,
        cast(recency_score as {{ dbt.type_string() }})
        || cast(frequency_score as {{ dbt.type_string() }})
        || cast(monetary_score as {{ dbt.type_string() }}) as rfm_cell,
        cast(recency_score as {{ dbt.type_int() }}) as recency_score,
        cast(frequency_score as {{ dbt.type_int() }}) as frequency_score,
        cast(monetary_score as {{ dbt.type_int() }}) as monetary_score,
        conversion_count > 0 as is_converted,
        cast(conversion_count as {{ dbt.type_bigint() }}) as conversion_count,
        cast(net_revenue as decimal(18, 2)) as net_revenue,
        currency,
        first_converted_date,
        last_converted_date,
        last_touch_date,
        reference_date,
        cast(days_since_first_conversion as {{ dbt.type_bigint() }})
            as days_since_first_conversion,
        cast(days_since_last_conversion as {{ dbt.type_bigint() }})
            as days_since_last_conversion,
        cast(days_since_last_touch as {{ dbt.type_bigint() }}) as days_since_last_touch
    from segmented
)

select * from final
