{#- Touchpoints with their session. Incremental: a run re-derives the whole history of every
    person touched by new data, which covers late events (their sessions are rebuilt whole):
    people with touchpoints or orders loaded since the previous build started (minus
    `late_arrival_lookback_days`) or CRM contacts changed since then. It also re-derives every
    person whose devices changed hands: a device whose person or account now differs from what
    the table holds (late identity stitching merges people, a changed CRM e-mail splits them)
    brings in its old and its new person with all their devices. Everyone else's rows stay as
    they are. -#}
-- depends_on: {{ ref('stg_landing__touchpoints') }}
-- depends_on: {{ ref('stg_landing__orders') }}
-- depends_on: {{ ref('stg_crm__contacts') }}
-- depends_on: {{ ref('int_identities_stitched') }}
{{
    config(
        materialized=incremental_materialization(),
        unique_key='event_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}

with

int_touchpoints_enriched as (
    select * from {{ ref('int_touchpoints_enriched') }}
),

{% if is_incremental() %}

    stg_landing__touchpoints as (
        select * from {{ ref('stg_landing__touchpoints') }}
    ),

    int_identities_stitched as (
        select * from {{ ref('int_identities_stitched') }}
    ),

    stg_landing__orders as (
        select * from {{ ref('stg_landing__orders') }}
    ),

    stg_crm__contacts as (
        select * from {{ ref('stg_crm__contacts') }}
    ),

    new_identifiers as (
        select 'anon:' || anonymous_id as identifier
        from stg_landing__touchpoints
        where loaded_at > {{ loaded_after_previous_build() }}

        union

        select 'cust:' || customer_id as identifier
        from stg_landing__orders
        where loaded_at > {{ loaded_after_previous_build() }}

        union

        select 'contact:' || contact_id as identifier
        from stg_crm__contacts
        where loaded_at > {{ loaded_after_previous_build() }}
    ),

    devices_now as (
        select distinct
            anonymous_id,
            person_id,
            account_id
        from int_touchpoints_enriched
    ),

    devices_before as (
        select distinct
            anonymous_id,
            person_id,
            account_id
        from {{ this }}
    ),

    moved_devices as (
        (
            select * from devices_now
            except
            select * from devices_before
        )

        union all

        (
            select * from devices_before
            except
            select * from devices_now
        )
    ),

    affected_people as (
        select int_identities_stitched.person_id
        from int_identities_stitched
        inner join new_identifiers
            on int_identities_stitched.identifier = new_identifiers.identifier

        union

        -- a device that stayed with a moved person comes along through the person id; one
        -- that left it is a moved device itself, so its new person is here too
        select person_id from moved_devices
    ),

    scoped as (
        select *
        from int_touchpoints_enriched
        where person_id in (select affected_people.person_id from affected_people)
    ),

{% else %}

    scoped as (
        select * from int_touchpoints_enriched
    ),

{% endif %}

gaps as (
    select
        *,
        lag(occurred_at) over (
            partition by person_id order by occurred_at, event_id
        ) as previous_occurred_at
    from scoped
),

flagged as (
    -- a new session starts after more than `session_gap_minutes` of inactivity;
    -- a gap of exactly the limit continues the session
    select
        *,
        case
            when previous_occurred_at is null then 1
            when
                {{ dbt.datediff('previous_occurred_at', 'occurred_at', 'second') }}
                > {{ var('session_gap_minutes') }} * 60
                then 1
            else 0
        end as starts_session
    from gaps
),

numbered as (
    select
        *,
        sum(starts_session) over (
            partition by person_id order by occurred_at, event_id
            rows between unbounded preceding and current row
        ) as session_number
    from flagged
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
        {{ dbt.hash("person_id || '-' || cast(session_number as " ~ dbt.type_string() ~ ")") }}
            as session_id,
        session_number,
        starts_session = 1 as is_session_start,
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
        loaded_at,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from numbered
)

select * from final
