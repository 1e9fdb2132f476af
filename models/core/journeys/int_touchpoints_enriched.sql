{#- Touchpoints credited to the stitched person (retroactively: the join is on the device, so
    events from before the device was identified land on the person too), with the account,
    the channel taxonomy and the journey stage from the seeds. -#}
with

stg_landing__touchpoints as (
    select * from {{ ref('stg_landing__touchpoints') }}
),

int_identities_stitched as (
    select * from {{ ref('int_identities_stitched') }}
),

int_person_accounts_resolved as (
    select * from {{ ref('int_person_accounts_resolved') }}
),

channels as (
    select * from {{ ref('channels') }}
),

event_types as (
    select * from {{ ref('event_types') }}
),

b2b_stages as (
    select * from {{ ref('b2b_stages') }}
),

joined as (
    select
        stg_landing__touchpoints.event_id,
        stg_landing__touchpoints.occurred_at,
        int_identities_stitched.person_id,
        coalesce(
            stg_landing__touchpoints.account_id, int_person_accounts_resolved.account_id
        ) as account_id,
        stg_landing__touchpoints.anonymous_id,
        int_identities_stitched.is_known_customer,
        stg_landing__touchpoints.channel,
        channels.channel_group,
        channels.media_type,
        channels.direction,
        channels.is_direct,
        stg_landing__touchpoints.event_type,
        event_types.is_attributable,
        event_types.journey_stage as b2c_journey_stage,
        event_types.b2b_stage,
        b2b_stages.journey_stage as b2b_journey_stage,
        stg_landing__touchpoints.campaign,
        stg_landing__touchpoints.order_id,
        stg_landing__touchpoints.loaded_at
    from stg_landing__touchpoints
    inner join int_identities_stitched
        on int_identities_stitched.identifier = 'anon:' || stg_landing__touchpoints.anonymous_id
    left join int_person_accounts_resolved
        on int_identities_stitched.person_id = int_person_accounts_resolved.person_id
    left join channels
        on stg_landing__touchpoints.channel = channels.channel
    left join event_types
        on stg_landing__touchpoints.event_type = event_types.event_type
    left join b2b_stages
        on event_types.b2b_stage = b2b_stages.b2b_stage
),

final as (
    select
        event_id,
        occurred_at,
        cast(occurred_at as date) as occurred_date,
        person_id,
        account_id,
        case when account_id is not null then 'b2b' else 'b2c' end as business_model,
        case
            when account_id is not null then 'b2b:' || account_id else 'b2c:' || person_id
        end as journey_id,
        anonymous_id,
        is_known_customer,
        channel,
        channel_group,
        media_type,
        direction,
        is_direct,
        event_type,
        is_attributable,
        case when account_id is not null then b2b_journey_stage else b2c_journey_stage end
            as journey_stage,
        case when account_id is not null then b2b_stage end as b2b_stage,
        campaign,
        order_id,
        loaded_at
    from joined
)

select * from final
