{#- First-order Markov chains over channels, one per business model (B2B and B2C journeys are
    different processes), from converting and open paths:
    (start) -> channel -> ... -> (conversion) | (null). The removal effect of a channel is the
    relative drop in the probability of reaching (conversion) from (start) when every
    transition into that channel goes to (null) instead. Absorption probabilities come from
    the chain's transition matrix raised to a large power (macros/markov.sql: repeated
    squaring on DuckDB, value iteration on Spark; a fixed, small number of joins over
    states x states, independent of data size).
    The transition matrices are int_markov_transitions_counted. -#}
{%- set squarings = var('markov_squarings') -%}
with

int_attribution_paths_collected as (
    select * from {{ ref('int_attribution_paths_collected') }}
),

int_markov_transitions_counted as (
    select * from {{ ref('int_markov_transitions_counted') }}
),

transitions as (
    select
        business_model,
        from_state,
        to_state,
        probability
    from int_markov_transitions_counted

    union all

    select distinct
        business_model,
        '(conversion)' as from_state,
        '(conversion)' as to_state,
        1.0 as probability
    from int_markov_transitions_counted

    union all

    select distinct
        business_model,
        '(null)' as from_state,
        '(null)' as to_state,
        1.0 as probability
    from int_markov_transitions_counted
),

removals as (
    select distinct
        business_model,
        '(none)' as removed_channel
    from int_attribution_paths_collected

    union

    select distinct
        business_model,
        channel as removed_channel
    from int_attribution_paths_collected
),

chain_0 as (
    select
        removals.business_model,
        removals.removed_channel,
        transitions.from_state,
        case
            when transitions.to_state = removals.removed_channel then '(null)'
            else transitions.to_state
        end as to_state,
        sum(transitions.probability) as probability
    from removals
    inner join transitions
        on removals.business_model = transitions.business_model
    where transitions.from_state != removals.removed_channel
    group by 1, 2, 3, 4
),

absorbed as (
    {{ markov_absorption('chain_0', squarings) }}
),

conversion_probabilities as (
    select
        removals.business_model,
        removals.removed_channel,
        coalesce(sum(absorbed.probability), 0) as conversion_probability
    from removals
    left join absorbed
        on
            removals.business_model = absorbed.business_model
            and removals.removed_channel = absorbed.removed_channel
            and absorbed.from_state = '(start)'
            and absorbed.to_state = '(conversion)'
    group by 1, 2
),

effects as (
    select
        removed.business_model,
        removed.removed_channel as channel,
        removed.conversion_probability as conversion_probability_without,
        baseline.conversion_probability as baseline_conversion_probability,
        case
            when baseline.conversion_probability > 0
                then greatest(
                    1 - removed.conversion_probability / baseline.conversion_probability, 0
                )
            else 0
        end as removal_effect
    from conversion_probabilities as removed
    inner join conversion_probabilities as baseline
        on removed.business_model = baseline.business_model
    where
        removed.removed_channel != '(none)'
        and baseline.removed_channel = '(none)'
),

final as (
    select
        business_model || '|' || channel as markov_channel_id,
        business_model,
        channel,
        baseline_conversion_probability,
        conversion_probability_without,
        -- rounding drops the float noise of the matrix powers, so reruns are bit-identical
        round(removal_effect, 10) as removal_effect,
        round(
            removal_effect / nullif(sum(removal_effect) over (partition by business_model), 0),
            10
        ) as removal_effect_share
    from effects
)

select * from final
