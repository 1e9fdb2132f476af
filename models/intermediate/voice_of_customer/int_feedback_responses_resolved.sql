{#- Survey responses resolved to the stitched person (shop customer id, else CRM contact, else
    device; identifiers the identity graph has never seen get the person id stitching would
    give them on their own), the journey ('b2b:' || account when the response or the person
    has an account, else 'b2c:' || person), and the touchpoint the feedback is about:
    the referenced touchpoint event, else the touchpoint that carried the referenced order,
    else the person's (or, without a person, the account's) last touchpoint at or before the
    response. -#}
with

stg_landing__feedback_responses as (
    select * from {{ ref('stg_landing__feedback_responses') }}
),

int_identities_stitched as (
    select * from {{ ref('int_identities_stitched') }}
),

int_person_accounts_resolved as (
    select * from {{ ref('int_person_accounts_resolved') }}
),

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

identified as (
    select
        stg_landing__feedback_responses.*,
        coalesce(
            customer_identities.person_id,
            contact_identities.person_id,
            device_identities.person_id
        ) as stitched_person_id,
        case
            when stg_landing__feedback_responses.customer_id is not null
                then 'cust:' || stg_landing__feedback_responses.customer_id
            when stg_landing__feedback_responses.contact_id is not null
                then 'contact:' || stg_landing__feedback_responses.contact_id
            when stg_landing__feedback_responses.anonymous_id is not null
                then 'anon:' || stg_landing__feedback_responses.anonymous_id
        end as own_identifier
    from stg_landing__feedback_responses
    left join int_identities_stitched as customer_identities
        on customer_identities.identifier = 'cust:' || stg_landing__feedback_responses.customer_id
    left join int_identities_stitched as contact_identities
        on contact_identities.identifier = 'contact:' || stg_landing__feedback_responses.contact_id
    left join int_identities_stitched as device_identities
        on device_identities.identifier = 'anon:' || stg_landing__feedback_responses.anonymous_id
),

journeys as (
    select
        identified.*,
        coalesce(identified.stitched_person_id, {{ dbt.hash('identified.own_identifier') }})
            as person_id,
        identified.stitched_person_id is not null as is_person_resolved,
        coalesce(identified.account_id, int_person_accounts_resolved.account_id)
            as resolved_account_id
    from identified
    left join int_person_accounts_resolved
        on identified.stitched_person_id = int_person_accounts_resolved.person_id
),

with_journey as (
    select
        *,
        case
            when resolved_account_id is not null then 'b2b'
            when person_id is not null then 'b2c'
        end as business_model,
        case
            when resolved_account_id is not null then 'b2b:' || resolved_account_id
            when person_id is not null then 'b2c:' || person_id
        end as journey_id
    from journeys
),

referenced_touchpoints as (
    select
        with_journey.response_id,
        fct_touchpoints.event_id,
        'referenced_event' as touchpoint_match_method,
        1 as match_priority,
        fct_touchpoints.occurred_at
    from with_journey
    inner join fct_touchpoints
        on with_journey.touchpoint_event_id = fct_touchpoints.event_id
),

order_touchpoints as (
    select
        with_journey.response_id,
        fct_touchpoints.event_id,
        'referenced_order' as touchpoint_match_method,
        2 as match_priority,
        fct_touchpoints.occurred_at
    from with_journey
    inner join fct_touchpoints
        on with_journey.order_id = fct_touchpoints.order_id
),

preceding_touchpoints as (
    select
        with_journey.response_id,
        fct_touchpoints.event_id,
        'preceding_touchpoint' as touchpoint_match_method,
        3 as match_priority,
        fct_touchpoints.occurred_at
    from with_journey
    inner join fct_touchpoints
        on
            with_journey.journey_id = fct_touchpoints.journey_id
            and with_journey.responded_at >= fct_touchpoints.occurred_at
            and (
                not with_journey.is_person_resolved
                or with_journey.person_id = fct_touchpoints.person_id
            )
),

candidates as (
    select * from referenced_touchpoints
    union all
    select * from order_touchpoints
    union all
    select * from preceding_touchpoints
),

ranked_candidates as (
    select
        *,
        row_number() over (
            partition by response_id
            order by match_priority asc, occurred_at desc, event_id desc
        ) as candidate_rank
    from candidates
),

matched as (
    select * from ranked_candidates
    where candidate_rank = 1
),

final as (
    select
        with_journey.response_id,
        with_journey.responded_at,
        with_journey.survey_type,
        with_journey.score,
        with_journey.language_code,
        with_journey.comment_text,
        with_journey.person_id,
        with_journey.is_person_resolved,
        with_journey.resolved_account_id as account_id,
        with_journey.business_model,
        with_journey.journey_id,
        with_journey.order_id,
        with_journey.channel as survey_channel,
        matched.event_id as touchpoint_event_id,
        coalesce(matched.touchpoint_match_method, 'none') as touchpoint_match_method,
        fct_touchpoints.occurred_at as touchpoint_occurred_at,
        fct_touchpoints.event_type as touchpoint_event_type,
        fct_touchpoints.channel as touchpoint_channel,
        fct_touchpoints.journey_stage as touchpoint_journey_stage
    from with_journey
    left join matched
        on with_journey.response_id = matched.response_id
    left join fct_touchpoints
        on matched.event_id = fct_touchpoints.event_id
)

select * from final
