{#- Rule-based attribution: first touch, last touch, last non-direct, linear, position-based
    (first/last share from vars, the rest spread over the middle) and time decay
    (half-life `time_decay_half_life_days`). Each model's weights sum to 1 per conversion. -#}
{%- set first_share = var('position_based_first_weight') -%}
{%- set last_share = var('position_based_last_weight') -%}
with

int_attribution_paths_collected as (
    select * from {{ ref('int_attribution_paths_collected') }}
),

paths as (
    select * from int_attribution_paths_collected
    where is_converting
),

last_non_direct as (
    select
        path_id,
        max(touch_position) as last_non_direct_position
    from paths
    where not is_direct
    group by 1
),

decayed as (
    select
        path_id,
        event_id,
        power(0.5, days_before_path_end / {{ var('time_decay_half_life_days') }}) as decay_factor
    from paths
),

weights as (
    select
        path_id,
        event_id,
        'first_touch' as attribution_model,
        case when touch_position = 1 then 1.0 else 0.0 end as weight
    from paths

    union all

    select
        path_id,
        event_id,
        'last_touch' as attribution_model,
        case when touch_position = path_length then 1.0 else 0.0 end as weight
    from paths

    union all

    select
        paths.path_id,
        paths.event_id,
        'last_non_direct' as attribution_model,
        case
            when
                paths.touch_position
                = coalesce(last_non_direct.last_non_direct_position, paths.path_length)
                then 1.0
            else 0.0
        end as weight
    from paths
    left join last_non_direct
        on paths.path_id = last_non_direct.path_id

    union all

    select
        path_id,
        event_id,
        'linear' as attribution_model,
        1.0 / path_length as weight
    from paths

    union all

    select
        path_id,
        event_id,
        'position_based' as attribution_model,
        case
            when path_length = 1 then 1.0
            when path_length = 2 then 0.5
            when touch_position = 1 then {{ first_share }}
            when touch_position = path_length then {{ last_share }}
            else (1.0 - {{ first_share }} - {{ last_share }}) / (path_length - 2)
        end as weight
    from paths

    union all

    select
        path_id,
        event_id,
        'time_decay' as attribution_model,
        decay_factor / sum(decay_factor) over (partition by path_id) as weight
    from decayed
),

final as (
    select
        path_id as conversion_id,
        event_id,
        attribution_model,
        weight
    from weights
    where weight > 0
)

select * from final
