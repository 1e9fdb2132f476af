{#- Attribution paths: for every conversion, the attributable touchpoints of its journey
    since the previous conversion and within the lookback of its business model
    (`attribution_lookback_days` for B2C, `b2b_attribution_lookback_days` for B2B); plus one
    open (non-converting) path per journey with the touchpoints after its last conversion,
    within the same window before its last touch. Markov and Shapley need both kinds. Then the
    path transform (var `attribution_path_transform`, see _attribution__models.yml) and the
    step limit (var `attribution_path_max_steps`, 0 = none: keep the last N positions), so
    every attribution model and report credits the same transformed path. Incremental by
    journey (int_journeys_rederived): a changed journey gets all its paths re-derived. -#}
{%- set transform = var('attribution_path_transform') | lower -%}
{%- if transform not in ['none', 'exposure', 'unique', 'first', 'frequency'] -%}
    {{ exceptions.raise_compiler_error(
        "var attribution_path_transform must be none, exposure, unique, first or frequency, got '"
        ~ transform ~ "'"
    ) }}
{%- endif -%}
{%- set max_steps = var('attribution_path_max_steps') | int -%}
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

ordered as (
    select
        *,
        row_number() over (partition by path_id order by occurred_at, event_id) as raw_position,
        lag(channel) over (partition by path_id order by occurred_at, event_id)
            as previous_channel,
        row_number() over (
            partition by path_id, channel order by occurred_at, event_id
        ) as channel_occurrence,
        count(*) over (partition by path_id, channel) as channel_touches_in_path
    from unioned
),

-- the positions the transform keeps, and how many raw touches each one stands for
transformed as (
    select
        *,
        {%- if transform == 'exposure' %}
            -- a run of the same channel folds into its first touch
            count(*) over (
                partition by path_id, exposure_run order by raw_position
                rows between unbounded preceding and unbounded following
            ) as folded_touch_count
        {%- elif transform in ['unique', 'first', 'frequency'] %}
            channel_touches_in_path as folded_touch_count
        {%- else %}
            1 as folded_touch_count
        {%- endif %}
    from (
        select
            *,
            sum(case when previous_channel = channel then 0 else 1 end) over (
                partition by path_id order by raw_position
                rows between unbounded preceding and current row
            ) as exposure_run
        from ordered
    ) as runs
),

kept as (
    select
        *,
        row_number() over (partition by path_id order by raw_position) as kept_position,
        count(*) over (partition by path_id) as kept_length
    from transformed
    {%- if transform == 'exposure' %}
        where previous_channel is null or previous_channel != channel
    {%- elif transform in ['unique', 'first', 'frequency'] %}
        where channel_occurrence = 1
    {%- endif %}
),

limited as (
    select *
    from kept
    {%- if max_steps > 0 %}
        where kept_position > kept_length - {{ max_steps }}
    {%- endif %}
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
        row_number() over (partition by path_id order by raw_position) as touch_position,
        count(*) over (partition by path_id) as path_length,
        cast(folded_touch_count as {{ dbt.type_int() }}) as folded_touch_count,
        {{ days_between('occurred_at', 'path_ends_at') }} as days_before_path_end,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from limited
)

select * from final
