{#- The change log that makes the journey-grain marts incremental (journey stages, attribution
    paths and weights): one row per journey ever built, with a fingerprint of what those marts
    read about it and `derived_at`, when the fingerprint last changed. A journey changes when a
    touchpoint joins it or is re-derived (fct_touchpoints stamps every row it rewrites, so the
    newest stamp rises), when it loses one (the count drops: a person merged away or a contact
    moved to another account), when its conversions change (a new order or won opportunity, a
    refund, an order that moved to another person) or its CRM stage history does. A journey
    that no longer exists stays here with `is_current` false, which tells the marts to drop
    its rows. Each mart re-derives the journeys changed since its own previous build, so a
    failed or skipped build catches up on the next one. -#}
{{
    config(
        materialized=incremental_materialization(),
        unique_key='journey_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}

with

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

int_opportunity_stages_mapped as (
    select * from {{ ref('int_opportunity_stages_mapped') }}
),

touchpoint_prints as (
    select
        journey_id,
        count(*) as touchpoint_count,
        max(derived_at) as touchpoints_derived_at
    from fct_touchpoints
    group by 1
),

conversion_prints as (
    select
        journey_id,
        {{ sha256_hex(dbt.listagg(
            "conversion_id || '|' || cast(converted_at as " ~ dbt.type_string() ~ ") || '|' || "
            ~ "cast(net_revenue as " ~ dbt.type_string() ~ ") || '|' || currency",
            "','",
            "order by conversion_id",
        )) }} as conversions_fingerprint
    from fct_conversions
    group by 1
),

stage_prints as (
    select
        journey_id,
        {{ sha256_hex(dbt.listagg(
            "stage_change_id || '|' || journey_stage || '|' || cast(entered_at as "
            ~ dbt.type_string() ~ ")",
            "','",
            "order by stage_change_id",
        )) }} as stage_history_fingerprint
    from int_opportunity_stages_mapped
    group by 1
),

current_journeys as (
    select
        coalesce(
            touchpoint_prints.journey_id,
            conversion_prints.journey_id,
            stage_prints.journey_id
        ) as journey_id,
        true as is_current,
        coalesce(touchpoint_prints.touchpoint_count, 0) as touchpoint_count,
        touchpoint_prints.touchpoints_derived_at,
        conversion_prints.conversions_fingerprint,
        stage_prints.stage_history_fingerprint
    from touchpoint_prints
    full outer join conversion_prints
        on touchpoint_prints.journey_id = conversion_prints.journey_id
    full outer join stage_prints
        on
            coalesce(touchpoint_prints.journey_id, conversion_prints.journey_id)
            = stage_prints.journey_id
),

{% if is_incremental() %}

    previous as (
        select * from {{ this }}
    ),

    changed as (
        select current_journeys.*
        from current_journeys
        left join previous
            on current_journeys.journey_id = previous.journey_id
        where
            previous.journey_id is null
            or not previous.is_current
            or current_journeys.touchpoint_count != previous.touchpoint_count
            or current_journeys.touchpoints_derived_at
            is distinct from previous.touchpoints_derived_at
            or current_journeys.conversions_fingerprint
            is distinct from previous.conversions_fingerprint
            or current_journeys.stage_history_fingerprint
            is distinct from previous.stage_history_fingerprint
    ),

    vanished as (
        select
            previous.journey_id,
            false as is_current,
            0 as touchpoint_count,
            cast(null as {{ dbt.type_timestamp() }}) as touchpoints_derived_at,
            cast(null as {{ dbt.type_string() }}) as conversions_fingerprint,
            cast(null as {{ dbt.type_string() }}) as stage_history_fingerprint
        from previous
        left join current_journeys
            on previous.journey_id = current_journeys.journey_id
        where previous.is_current and current_journeys.journey_id is null
    ),

    journeys as (
        select * from changed
        union all
        select * from vanished
    ),

{% else %}

    journeys as (
        select * from current_journeys
    ),

{% endif %}

final as (
    select
        *,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from journeys
)

select * from final
