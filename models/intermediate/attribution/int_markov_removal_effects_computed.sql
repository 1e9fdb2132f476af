{#- First-order Markov chains over channels, one per business model (B2B and B2C journeys are
    different processes), from converting and open paths:
    (start) -> channel -> ... -> (conversion) | (null). The removal effect of a channel is the
    relative drop in the probability of reaching (conversion) from (start) when every
    transition into that channel goes to (null) instead. Absorption probabilities come from
    raising each chain's transition matrix to the power 2^markov_squarings by repeated
    squaring (a fixed, small number of joins over states x states, independent of data size).
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

{% for step in range(1, squarings + 1) %}
    chain_{{ step }} as (
        select
            step_from.business_model,
            step_from.removed_channel,
            step_from.from_state,
            step_to.to_state,
            sum(step_from.probability * step_to.probability) as probability
        from chain_{{ step - 1 }} as step_from
        inner join chain_{{ step - 1 }} as step_to
            on
                step_from.business_model = step_to.business_model
                and step_from.removed_channel = step_to.removed_channel
                and step_from.to_state = step_to.from_state
        group by 1, 2, 3, 4
    ),
{% endfor %}

conversion_probabilities as (
    select
        removals.business_model,
        removals.removed_channel,
        coalesce(sum(chain_{{ squarings }}.probability), 0) as conversion_probability
    from removals
    left join chain_{{ squarings }}
        on
            removals.business_model = chain_{{ squarings }}.business_model
            and removals.removed_channel = chain_{{ squarings }}.removed_channel
            and chain_{{ squarings }}.from_state = '(start)'
            and chain_{{ squarings }}.to_state = '(conversion)'
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
