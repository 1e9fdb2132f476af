{#- The transition matrix of each business model's first-order Markov chain over channels
    (as ChannelAttribution reports it): how often paths step from a state to the next, and the
    probability of each step. States: (start), the channels, and the absorbing (conversion) and
    (null) ends of converting and open paths. -#}
with

int_attribution_paths_collected as (
    select * from {{ ref('int_attribution_paths_collected') }}
),

steps as (
    select
        business_model,
        channel as from_state,
        coalesce(
            lead(channel) over (partition by path_id order by touch_position),
            case when is_converting then '(conversion)' else '(null)' end
        ) as to_state
    from int_attribution_paths_collected

    union all

    select
        business_model,
        '(start)' as from_state,
        channel as to_state
    from int_attribution_paths_collected
    where touch_position = 1
),

transition_counts as (
    select
        business_model,
        from_state,
        to_state,
        count(*) as transition_count
    from steps
    group by 1, 2, 3
),

final as (
    select
        business_model || '|' || from_state || '|' || to_state as transition_id,
        business_model,
        from_state,
        to_state,
        transition_count,
        {{ ratio(
            'transition_count',
            'sum(transition_count) over (partition by business_model, from_state)'
        ) }} as probability
    from transition_counts
)

select * from final
