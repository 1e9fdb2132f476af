{#- Attribution weights per conversion, touchpoint and model, with revenue credit. Conversions
    without any touchpoint in their window get one `(unattributed)` row per model, so that
    every model's credits add up to all conversions and all revenue. -#}
{%- set models = [
    'first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based',
    'time_decay', 'markov', 'shapley'
] -%}
with

int_attribution_paths_collected as (
    select * from {{ ref('int_attribution_paths_collected') }}
),

int_attribution_heuristic_weights as (
    select * from {{ ref('int_attribution_heuristic_weights') }}
),

int_markov_removal_effects as (
    select * from {{ ref('int_markov_removal_effects') }}
),

int_shapley_channel_group_values as (
    select * from {{ ref('int_shapley_channel_group_values') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

paths as (
    select
        *,
        count(*) over (partition by path_id, channel) as channel_touches,
        count(*) over (partition by path_id, channel_group) as group_touches
    from int_attribution_paths_collected
    where is_converting
),

markov_path_totals as (
    select
        paths.path_id,
        sum(int_markov_removal_effects.removal_effect / paths.channel_touches) as effect_total
    from paths
    inner join int_markov_removal_effects
        on paths.channel = int_markov_removal_effects.channel
    group by 1
),

markov as (
    -- a channel's share of the path follows its removal effect, split over its touches;
    -- paths whose channels all have zero effect fall back to linear
    select
        paths.path_id as conversion_id,
        paths.event_id,
        'markov' as attribution_model,
        case
            when markov_path_totals.effect_total > 0
                then
                    int_markov_removal_effects.removal_effect / paths.channel_touches
                    / markov_path_totals.effect_total
            else 1.0 / paths.path_length
        end as weight
    from paths
    inner join int_markov_removal_effects
        on paths.channel = int_markov_removal_effects.channel
    inner join markov_path_totals
        on paths.path_id = markov_path_totals.path_id
),

shapley as (
    select
        paths.path_id as conversion_id,
        paths.event_id,
        'shapley' as attribution_model,
        int_shapley_channel_group_values.group_share / paths.group_touches as weight
    from paths
    inner join int_shapley_channel_group_values
        on
            paths.path_id = int_shapley_channel_group_values.conversion_id
            and paths.channel_group = int_shapley_channel_group_values.channel_group
),

attributed as (
    select * from int_attribution_heuristic_weights
    union all
    select * from markov
    union all
    select * from shapley
),

unattributed as (
    {% for model in models %}
        select
            fct_conversions.conversion_id,
            cast(null as {{ dbt.type_string() }}) as event_id,
            '{{ model }}' as attribution_model,
            1.0 as weight
        from fct_conversions
        where fct_conversions.conversion_id not in (select distinct paths.path_id from paths)
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

weights as (
    select * from attributed
    union all
    select * from unattributed
),

final as (
    select
        weights.conversion_id || '|' || weights.attribution_model || '|'
        || coalesce(weights.event_id, '(none)') as attribution_id,
        weights.conversion_id,
        weights.attribution_model,
        weights.event_id,
        fct_conversions.business_model,
        fct_conversions.journey_id,
        fct_conversions.converted_at,
        coalesce(paths.channel, '(unattributed)') as channel,
        coalesce(paths.channel_group, '(unattributed)') as channel_group,
        coalesce(paths.journey_stage, '(unattributed)') as journey_stage,
        paths.touch_position,
        paths.path_length,
        cast(weights.weight as double) as weight,
        -- six decimals: per-touch credit summed over a model adds up to the revenue to the cent
        cast(weights.weight * fct_conversions.net_revenue as decimal(18, 6)) as revenue_credit,
        fct_conversions.currency
    from weights
    inner join fct_conversions
        on weights.conversion_id = fct_conversions.conversion_id
    left join paths
        on
            weights.conversion_id = paths.path_id
            and weights.event_id = paths.event_id
)

select * from final
