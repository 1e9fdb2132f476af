with

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

journey_stages as (
    select * from {{ ref('journey_stages') }}
),

ordered as (
    select
        fct_touchpoints.*,
        journey_stages.stage_order,
        row_number() over (
            partition by fct_touchpoints.session_id
            order by fct_touchpoints.occurred_at, fct_touchpoints.event_id
        ) as position_in_session
    from fct_touchpoints
    left join journey_stages
        on fct_touchpoints.journey_stage = journey_stages.journey_stage
),

final as (
    select
        session_id,
        min(person_id) as person_id,
        min(account_id) as account_id,
        min(business_model) as business_model,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at,
        min(occurred_date) as session_date,
        {{ dbt.datediff('min(occurred_at)', 'max(occurred_at)', 'second') }} as duration_seconds,
        count(*) as touchpoint_count,
        count(distinct channel) as channel_count,
        min(case when position_in_session = 1 then channel end) as entry_channel,
        max(stage_order) as furthest_stage_order,
        max(case when event_type = 'purchase' then 1 else 0 end) = 1 as has_purchase
    from ordered
    group by 1
)

select * from final
