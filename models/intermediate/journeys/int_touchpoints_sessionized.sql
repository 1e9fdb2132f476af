{#- A new session starts when the person was inactive for more than `session_gap_minutes`
    (a gap of exactly the limit continues the session). -#}
with

int_touchpoints_enriched as (
    select * from {{ ref('int_touchpoints_enriched') }}
),

gaps as (
    select
        *,
        lag(occurred_at) over (
            partition by person_id order by occurred_at, event_id
        ) as previous_occurred_at
    from int_touchpoints_enriched
),

flagged as (
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
        *,
        {{ dbt.hash("person_id || '-' || cast(session_number as " ~ dbt.type_string() ~ ")") }}
            as session_id
    from numbered
)

select * from final
