{#- Attribution paths: for every conversion, the attributable touchpoints of its journey
    since the previous conversion and within the lookback of its business model
    (`attribution_lookback_days` for B2C, `b2b_attribution_lookback_days` for B2B); plus one
    open (non-converting) path per journey with the touchpoints after its last conversion,
    within the same window before its last touch. Markov and Shapley need both kinds. Incremental by
    journey (int_journeys_rederived): a changed journey gets all its paths re-derived. -#}
{{ journey_scoped_incremental() }}

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
        business_model,
        event_id,
        occurred_at,
        channel,
        channel_group,
        journey_stage,
        is_direct
    from fct_touchpoints
    where is_attributable and {{ in_rederived_journeys() }}
),

conversions as (
    select * from fct_conversions
    where {{ in_rederived_journeys() }}
),

converting as (
    select
        conversions.conversion_id as path_id,
        conversions.journey_id,
        conversions.business_model,
        true as is_converting,
        conversions.converted_at as path_ends_at,
        touchpoints.event_id,
        touchpoints.occurred_at,
        touchpoints.channel,
        touchpoints.channel_group,
        touchpoints.journey_stage,
        touchpoints.is_direct
    from conversions
    inner join touchpoints
        on
            conversions.journey_id = touchpoints.journey_id
            and conversions.converted_at >= touchpoints.occurred_at
            and touchpoints.occurred_at >= {{ dbt.dateadd(
                'day',
                '-(' ~ attribution_lookback_days('conversions.business_model') ~ ')',
                'conversions.converted_at',
            ) }}
            and (
                conversions.previous_converted_at is null
                or conversions.previous_converted_at < touchpoints.occurred_at
            )
),

last_conversions as (
    select
        journey_id,
        max(converted_at) as last_converted_at
    from conversions
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
        business_model,
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
    where occurred_at >= {{ dbt.dateadd(
        'day', '-(' ~ attribution_lookback_days('business_model') ~ ')', 'path_ends_at'
    ) }}
),

final as (
    select
        path_id,
        journey_id,
        business_model,
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
            as days_before_path_end,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from unioned
)

select * from final
