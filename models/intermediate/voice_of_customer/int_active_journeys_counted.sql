{#- Journeys active per month and business model (a touchpoint, a conversion or a survey
    response in the month, so every responding journey is an active one),
    per report dimension value: the denominator of survey response rates. For event type,
    channel and journey stage a journey counts where it had such a touchpoint in the month;
    for the segment dimension by its current segment. -#}
with

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

int_feedback_responses_resolved as (
    select * from {{ ref('int_feedback_responses_resolved') }}
),

touch_months as (
    select distinct
        journey_id,
        business_model,
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as activity_month_date,
        event_type,
        channel,
        journey_stage
    from fct_touchpoints
),

active_months as (
    select
        journey_id,
        business_model,
        activity_month_date
    from touch_months
    union
    select
        journey_id,
        business_model,
        cast({{ dbt.date_trunc('month', 'converted_at') }} as date) as activity_month_date
    from fct_conversions
    union
    select
        journey_id,
        business_model,
        cast({{ dbt.date_trunc('month', 'responded_at') }} as date) as activity_month_date
    from int_feedback_responses_resolved
    where journey_id is not null
),

counted as (
    select
        activity_month_date,
        business_model,
        'overall' as dimension_name,
        'all' as dimension_value,
        count(distinct journey_id) as active_journeys
    from active_months
    group by 1, 2, 3, 4

    union all

    select
        active_months.activity_month_date,
        active_months.business_model,
        'segment' as dimension_name,
        coalesce(dim_segments.segment, '(unknown)') as dimension_value,
        count(distinct active_months.journey_id) as active_journeys
    from active_months
    left join dim_segments
        on active_months.journey_id = dim_segments.journey_id
    group by 1, 2, 3, 4

    {% for dimension_name in ['event_type', 'channel', 'journey_stage'] %}
        union all

        select
            activity_month_date,
            business_model,
            '{{ dimension_name }}' as dimension_name,
            coalesce({{ dimension_name }}, '(unknown)') as dimension_value,
            count(distinct journey_id) as active_journeys
        from touch_months
        group by 1, 2, 3, 4
    {% endfor %}
),

final as (
    select
        business_model || '|' || dimension_name || '|' || dimension_value || '|'
        || cast(activity_month_date as {{ dbt.type_string() }}) as active_journey_count_id,
        activity_month_date,
        business_model,
        dimension_name,
        dimension_value,
        active_journeys
    from counted
)

select * from final
