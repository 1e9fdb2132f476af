{#- One row per journey: a B2C person or a B2B account with any touchpoint, stage or
    conversion (a prospect whose only signals need a conversion first, e.g. app logins, has no
    stage but is a journey). Incremental by journey: a build re-derives the journeys that
    changed (int_journeys_rederived). -#}
{{ journey_scoped_incremental() }}

with

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
    where {{ in_rederived_journeys() }}
),

fct_journey_stages as (
    select * from {{ ref('fct_journey_stages') }}
    where {{ in_rederived_journeys() }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
    where {{ in_rederived_journeys() }}
),

touch_summary as (
    select
        journey_id,
        min(business_model) as business_model,
        min(case when business_model = 'b2c' then person_id end) as person_id,
        min(account_id) as account_id,
        min(occurred_at) as first_touch_at,
        max(occurred_at) as last_touch_at,
        count(*) as touchpoint_count,
        count(distinct session_id) as session_count,
        count(distinct channel) as channel_count,
        count(distinct person_id) as people_engaged
    from fct_touchpoints
    group by 1
),

first_last_channel as (
    select
        journey_id,
        min(case when touch_rank_first = 1 then channel end) as first_touch_channel,
        min(case when touch_rank_last = 1 then channel end) as last_touch_channel
    from (
        select
            journey_id,
            channel,
            row_number() over (partition by journey_id order by occurred_at, event_id)
                as touch_rank_first,
            row_number() over (partition by journey_id order by occurred_at desc, event_id desc)
                as touch_rank_last
        from fct_touchpoints
    ) as ranked
    group by 1
),

stages as (
    select
        journey_id,
        min(business_model) as business_model,
        max(case when journey_stage = 'awareness' then first_entered_at end) as awareness_at,
        max(case when journey_stage = 'consideration' then first_entered_at end)
            as consideration_at,
        max(case when journey_stage = 'conversion' then first_entered_at end) as conversion_at,
        max(case when journey_stage = 'retention' then first_entered_at end) as retention_at,
        max(case when journey_stage = 'advocacy' then first_entered_at end) as advocacy_at,
        max(stage_order) as furthest_stage_order,
        count(case when is_reentered then 1 end) as reentered_stage_count
    from fct_journey_stages
    group by 1
),

conversions as (
    select
        journey_id,
        min(business_model) as business_model,
        min(person_id) as person_id,
        count(*) as conversion_count,
        cast(sum(net_revenue) as decimal(18, 2)) as net_revenue
    from fct_conversions
    group by 1
),

journeys as (
    select
        journey_id,
        business_model
    from touch_summary
    union
    select
        journey_id,
        business_model
    from stages
    union
    select
        journey_id,
        business_model
    from conversions
),

final as (
    select
        journeys.journey_id,
        journeys.business_model,
        -- a B2C journey may have orders but no touchpoints of its own: a person whose
        -- touchpoints carry an account belongs to the account's journey, its own orders not
        coalesce(touch_summary.person_id, conversions.person_id) as person_id,
        case
            when journeys.business_model = 'b2b'
                then coalesce(
                    touch_summary.account_id,
                    {{ dbt.split_part('journeys.journey_id', "':'", 2) }}
                )
        end as account_id,
        touch_summary.first_touch_at,
        touch_summary.last_touch_at,
        first_last_channel.first_touch_channel,
        first_last_channel.last_touch_channel,
        coalesce(touch_summary.touchpoint_count, 0) as touchpoint_count,
        coalesce(touch_summary.session_count, 0) as session_count,
        coalesce(touch_summary.channel_count, 0) as channel_count,
        coalesce(touch_summary.people_engaged, 0) as people_engaged,
        stages.awareness_at,
        stages.consideration_at,
        stages.conversion_at,
        stages.retention_at,
        stages.advocacy_at,
        stages.furthest_stage_order,
        coalesce(stages.reentered_stage_count, 0) as reentered_stage_count,
        coalesce(conversions.conversion_count, 0) as conversion_count,
        coalesce(conversions.conversion_count, 0) > 0 as is_converted,
        coalesce(conversions.net_revenue, 0) as net_revenue,
        case
            when stages.conversion_at is not null and touch_summary.first_touch_at is not null
                then greatest(
                    {{ days_between('touch_summary.first_touch_at', 'stages.conversion_at') }},
                    0
                )
        end as days_to_first_conversion,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from journeys
    left join stages
        on journeys.journey_id = stages.journey_id
    left join touch_summary
        on journeys.journey_id = touch_summary.journey_id
    left join first_last_channel
        on journeys.journey_id = first_last_channel.journey_id
    left join conversions
        on journeys.journey_id = conversions.journey_id
)

select * from final
