{#- Rule-based attribution: first touch, last touch, last non-direct, linear, position-based
    (first/last share from vars, the rest spread over the middle) and time decay
    (half-life `time_decay_half_life_days`). Each model's weights sum to 1 per conversion.
    Incremental by journey, like the paths it reads. -#}
{%- set first_share = var('position_based_first_weight') -%}
{%- set last_share = var('position_based_last_weight') -%}
{%- set models = rule_based_attribution_models() -%}
{{ journey_scoped_incremental() }}

with

int_attribution_paths_collected as (
    select * from {{ ref('int_attribution_paths_collected') }}
),

paths as (
    select
        *,
        power(0.5, days_before_path_end / {{ var('time_decay_half_life_days') }})
            as decay_factor,
        max(case when not is_direct then touch_position end) over (partition by path_id)
            as last_non_direct_position
    from int_attribution_paths_collected
    where is_converting and {{ in_rederived_journeys() }}
),

weighted as (
    -- one column per model, unpivoted below
    select
        *,
        case when touch_position = 1 then 1.0 else 0.0 end as first_touch,
        case when touch_position = path_length then 1.0 else 0.0 end as last_touch,
        -- a path of direct touches only credits its last touch
        case
            when touch_position = coalesce(last_non_direct_position, path_length) then 1.0
            else 0.0
        end as last_non_direct,
        1.0 / path_length as linear,
        case
            when path_length = 1 then 1.0
            when path_length = 2 then 0.5
            when touch_position = 1 then {{ first_share }}
            when touch_position = path_length then {{ last_share }}
            else (1.0 - {{ first_share }} - {{ last_share }}) / (path_length - 2)
        end as position_based,
        decay_factor / sum(decay_factor) over (partition by path_id) as time_decay
    from paths
),

unpivoted as (
    {% for model in models %}
        select
            path_id,
            journey_id,
            event_id,
            '{{ model }}' as attribution_model,
            {{ model }} as weight,
            channel,
            channel_group,
            journey_stage,
            touch_position,
            path_length
        from weighted
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        path_id as conversion_id,
        journey_id,
        event_id,
        attribution_model,
        weight,
        channel,
        channel_group,
        journey_stage,
        touch_position,
        path_length,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from unpivoted
    where weight > 0
)

select * from final
