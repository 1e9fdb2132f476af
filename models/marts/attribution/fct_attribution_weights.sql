{#- Attribution weights per conversion, touchpoint and model, with revenue credit. Conversions
    without any touchpoint in their window get one `(unattributed)` row per model, so that
    every model's credits add up to all conversions and all revenue.

    Incremental: the six rule-based models re-derive the journeys that changed
    (int_journeys_rederived), as their weights depend on the conversion's own path only.
    Markov and Shapley credit every path from the removal effects and coalition values of all
    paths, which every new path moves, so their rows are rewritten for all conversions on
    every build: the price of equalling a full refresh exactly. -#}
{%- set global_models = ['markov', 'shapley'] -%}
{%- set path_models = rule_based_attribution_models() -%}
{{ journey_scoped_incremental(post_hooks=[
    "delete from {{ this }} where attribution_model in ('markov', 'shapley') and "
    ~ "derived_at < cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }})",
]) }}

with

int_attribution_paths_collected as (
    select * from {{ ref('int_attribution_paths_collected') }}
),

int_rule_based_weights_computed as (
    select * from {{ ref('int_rule_based_weights_computed') }}
),

int_markov_removal_effects_computed as (
    select * from {{ ref('int_markov_removal_effects_computed') }}
),

int_shapley_values_computed as (
    select * from {{ ref('int_shapley_values_computed') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

paths as (
    select
        *,
        path_id as conversion_id,
        count(*) over (partition by path_id, channel) as channel_touches,
        count(*) over (partition by path_id, channel_group) as group_touches
    from int_attribution_paths_collected
    where is_converting
),

markov_path_totals as (
    select
        paths.path_id,
        sum(int_markov_removal_effects_computed.removal_effect / paths.channel_touches)
            as effect_total
    from paths
    inner join int_markov_removal_effects_computed
        on
            paths.business_model = int_markov_removal_effects_computed.business_model
            and paths.channel = int_markov_removal_effects_computed.channel
    group by 1
),

markov as (
    -- a channel's share of the path follows its removal effect, split over its touches;
    -- paths whose channels all have zero effect fall back to linear
    select
        paths.*,
        'markov' as attribution_model,
        case
            when markov_path_totals.effect_total > 0
                then
                    int_markov_removal_effects_computed.removal_effect / paths.channel_touches
                    / markov_path_totals.effect_total
            else 1.0 / paths.path_length
        end as weight
    from paths
    inner join int_markov_removal_effects_computed
        on
            paths.business_model = int_markov_removal_effects_computed.business_model
            and paths.channel = int_markov_removal_effects_computed.channel
    inner join markov_path_totals
        on paths.path_id = markov_path_totals.path_id
),

shapley as (
    select
        paths.*,
        'shapley' as attribution_model,
        int_shapley_values_computed.group_share / paths.group_touches as weight
    from paths
    inner join int_shapley_values_computed
        on
            paths.path_id = int_shapley_values_computed.conversion_id
            and paths.channel_group = int_shapley_values_computed.channel_group
),

credited as (
    -- the rule-based weights of the journeys re-derived, Markov and Shapley for all
    {% for source in global_models + ['int_rule_based_weights_computed'] %}
        select
            conversion_id,
            event_id,
            attribution_model,
            weight,
            channel,
            channel_group,
            journey_stage,
            touch_position,
            path_length
        from {{ source }}
        {% if loop.last %}where {{ in_rederived_journeys() }}{% else %}union all{% endif %}
    {% endfor %}
),

unpathed_conversions as (
    select
        conversion_id,
        {{ in_rederived_journeys() }} as is_rederived
    from fct_conversions
    where conversion_id not in (select paths.path_id from paths)
),

unattributed as (
    {% for model in global_models + path_models %}
        select
            conversion_id,
            cast(null as {{ dbt.type_string() }}) as event_id,
            '{{ model }}' as attribution_model,
            1.0 as weight,
            '(unattributed)' as channel,
            '(unattributed)' as channel_group,
            '(unattributed)' as journey_stage,
            cast(null as {{ dbt.type_bigint() }}) as touch_position,
            cast(null as {{ dbt.type_bigint() }}) as path_length
        from unpathed_conversions
        {% if model in path_models %}where is_rederived{% endif %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

weights as (
    select * from credited
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
        weights.channel,
        weights.channel_group,
        weights.journey_stage,
        weights.touch_position,
        weights.path_length,
        cast(weights.weight as double) as weight,
        -- six decimals: per-touch credit summed over a model adds up to the revenue to the cent
        cast(weights.weight * fct_conversions.net_revenue as decimal(18, 6)) as revenue_credit,
        fct_conversions.currency,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from weights
    inner join fct_conversions
        on weights.conversion_id = fct_conversions.conversion_id
)

select * from final
