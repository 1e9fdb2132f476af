with

int_touchpoints_sessionized as (
    select * from {{ ref('int_touchpoints_sessionized') }}
),

final as (
    select
        event_id,
        occurred_at,
        occurred_date,
        person_id,
        account_id,
        business_model,
        journey_id,
        session_id,
        anonymous_id,
        is_known_customer,
        channel,
        channel_group,
        media_type,
        direction,
        is_direct,
        event_type,
        is_attributable,
        journey_stage,
        b2b_stage,
        campaign,
        order_id,
        loaded_at
    from int_touchpoints_sessionized
)

select * from final
