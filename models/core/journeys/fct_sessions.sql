{#- One row per session. Incremental: rebuilds all sessions of the people whose touchpoints the
    last fct_touchpoints run re-derived, and drops sessions of person ids that no longer exist
    (merged into another person by late identity stitching). -#}
{{
    config(
        materialized=incremental_materialization(),
        unique_key='person_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook=incremental_post_hooks([
            "delete from {{ this }} where person_id not in "
            "(select distinct person_id from {{ ref('fct_touchpoints') }})"
        ]),
    )
}}

with

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

journey_stages as (
    select * from {{ ref('journey_stages') }}
),

scoped as (
    select * from fct_touchpoints
    {% if is_incremental() %}
        where
            person_id in (
                select latest.person_id
                from fct_touchpoints as latest
                where
                    latest.derived_at
                    = (select max(all_rows.derived_at) from fct_touchpoints as all_rows)
            )
    {% endif %}
),

ordered as (
    select
        scoped.*,
        journey_stages.stage_order,
        row_number() over (
            partition by scoped.session_id
            order by scoped.occurred_at, scoped.event_id
        ) as position_in_session
    from scoped
    left join journey_stages
        on scoped.journey_stage = journey_stages.journey_stage
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
        max(case when event_type = 'purchase' then 1 else 0 end) = 1 as has_purchase,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from ordered
    group by 1
)

select * from final
