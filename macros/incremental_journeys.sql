{#- Journey-scoped incremental models (see int_journeys_rederived). A model re-derives the
    journeys whose fingerprint changed after its own newest row was written, appends their rows
    and then deletes the rows they supersede. -#}

{#- `column` names a journey to re-derive in this build (always true in a full build). -#}
{% macro in_rederived_journeys(column='journey_id') -%}
    {%- if is_incremental() -%}
        {{ column }} in (
            select changes.journey_id
            from {{ ref('int_journeys_rederived') }} as changes
            where changes.derived_at > (
                select coalesce(max(built.derived_at), {{ dbt.cast("'1900-01-01'", dbt.type_timestamp()) }})
                from {{ this }} as built
            )
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}

{#- Post-hook: drop the rows older than their journey's last change (the rows just appended are
    as new as the change; a journey that vanished keeps no rows). -#}
{% macro delete_superseded_journey_rows() -%}
    delete from {{ this }} as superseded
    where exists (
        select 1
        from {{ ref('int_journeys_rederived') }} as changes
        where
            changes.journey_id = superseded.journey_id
            and changes.derived_at > superseded.derived_at
    )
{%- endmacro %}
