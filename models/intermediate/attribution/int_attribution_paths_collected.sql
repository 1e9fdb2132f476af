{#- Attribution paths: for every conversion, the attributable touchpoints of its journey
    since the previous conversion and within `attribution_lookback_days`; plus one open
    (non-converting) path per journey with the touchpoints after its last conversion, within
    the same window before its last touch. Markov and Shapley need both kinds. -#}
with

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

touchpoints as (
    select
        journey_id,
        event_id,
        occurred_at,
        channel,
        channel_group,
        journey_stage,
        is_direct
    from fct_touchpoints
    where is_attributable
),

converting as (
    select
        fct_conversions.conversion_id as path_id,
        fct_conversions.journey_id,
        true as is_converting,
        fct_conversions.converted_at as path_ends_at,
        touchpoints.event_id,
        touchpoints.occurred_at,
        touchpoints.channel,
        touchpoints.channel_group,
        touchpoints.journey_stage,
        touchpoints.is_direct
    from fct_conversions
    inner join touchpoints
        on
            fct_conversions.journey_id = touchpoints.journey_id
            and fct_conversions.converted_at >= touchpoints.occurred_at
            and touchpoints.occurred_at >= {{ dbt.dateadd(
                'day', -var('attribution_lookback_days'), 'fct_conversions.converted_at'
            ) }}
            and (
                fct_conversions.previous_converted_at is null
                or fct_conversions.previous_converted_at < touchpoints.occurred_at
            )
),

last_conversions as (
    select
        journey_id,
        max(converted_at) as last_converted_at
    from fct_conversions
    group by 1
),

open_touchpoints as (
    select touchpoints.*
    from touchpoints
    left join last_conversions
        on touchpoints.journey_id = last_conversions.journey_id
    where
        last_conversions.last_converted_at is null
        or touchpoints.occurred_at > last_conversions.last_converted_at
),

open_paths as (
    select
        'open:' || journey_id as path_id,
        journey_id,
        false as is_converting,
        max(occurred_at) over (partition by journey_id) as path_ends_at,
        event_id,
        occurred_at,
        channel,
        channel_group,
        journey_stage,
        is_direct
    from open_touchpoints
),

unioned as (
    select * from converting
    union all
    select * from open_paths
    where occurred_at >= {{ dbt.dateadd('day', -var('attribution_lookback_days'), 'path_ends_at') }}
),

final as (
    select
        path_id,
        journey_id,
        is_converting,
        event_id,
        occurred_at,
        channel,
        channel_group,
        journey_stage,
        is_direct,
        row_number() over (partition by path_id order by occurred_at, event_id) as touch_position,
        count(*) over (partition by path_id) as path_length,
        {{ dbt.datediff('occurred_at', 'path_ends_at', 'second') }} / 86400.0
            as days_before_path_end
    from unioned
)

select * from final
