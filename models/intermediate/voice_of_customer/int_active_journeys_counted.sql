{#- Journeys active per month and business model (a touchpoint, a conversion or a survey
    response in the month, so every responding journey is an active one), per report dimension
    value: the denominator of survey response rates. For event type, channel and journey stage a
    journey counts under a value where it had a touchpoint with it in the month, or responded in
    the month about a touchpoint with it (or, for the channel, through a survey channel without
    touchpoint); the values are those of the responses (macro feedback_dimensions, shared with
    fct_feedback_response_dimensions), so every responding journey is in the denominator of its
    own row. For the segment dimension by its current segment. -#}
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

touch_values as (
    select distinct
        journey_id,
        business_model,
        cast({{ dbt.date_trunc('month', 'occurred_at') }} as date) as activity_month_date,
        event_type as touchpoint_event_type,
        channel,
        journey_stage as touchpoint_journey_stage
    from fct_touchpoints
),

response_values as (
    select distinct
        journey_id,
        business_model,
        cast({{ dbt.date_trunc('month', 'responded_at') }} as date) as activity_month_date,
        touchpoint_event_type,
        {{ feedback_channel() }} as channel,
        touchpoint_journey_stage
    from int_feedback_responses_resolved
    where journey_id is not null
),

dimension_months as (
    select * from touch_values
    union
    select * from response_values
),

active_months as (
    select
        journey_id,
        business_model,
        activity_month_date
    from touch_values
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
        activity_month_date
    from response_values
),

segmented_months as (
    select
        active_months.*,
        dim_segments.segment
    from active_months
    left join dim_segments
        on active_months.journey_id = dim_segments.journey_id
),

counted as (
    {% for dimension_name, dimension_value in feedback_dimensions() %}
        select
            activity_month_date,
            business_model,
            '{{ dimension_name }}' as dimension_name,
            {{ dimension_value }} as dimension_value,
            count(distinct journey_id) as active_journeys
        {% if dimension_name in ['event_type', 'channel', 'journey_stage'] %}
            from dimension_months
        {% else %}
            from segmented_months
        {% endif %}
        group by 1, 2, 3, 4
        {% if not loop.last %}union all{% endif %}
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
