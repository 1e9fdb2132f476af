{#- Helpers of the incremental models. -#}

{#- The load time after which a row is new to this incremental model: the start of its
    previous build (its newest `derived_at`), minus `late_arrival_lookback_days`. Loads run
    before builds, so a row loaded after the previous build started is new to it however late
    its event occurred; one that raced the previous build is picked up again, not missed. -#}
{% macro loaded_after_previous_build() -%}
    (
        select {{ dbt.dateadd('day', -var('late_arrival_lookback_days'), 'max(built.derived_at)') }}
        from {{ this }} as built
    )
{%- endmacro %}

{#- The materialization of the incremental models. Spark without Delta/Iceberg (plain Parquet
    tables) refuses DELETE and MERGE and dbt-spark refuses delete+insert: there the incremental
    models are tables, rebuilt whole every run (docs/spark.md), and their delete post-hooks are
    dropped (a full build has nothing to delete). -#}
{% macro incremental_materialization() -%}
    {{ return(adapter.dispatch('incremental_materialization', 'journey_warehouse')()) }}
{%- endmacro %}
{% macro default__incremental_materialization() -%}
    {{ return('incremental') }}
{%- endmacro %}
{% macro spark__incremental_materialization() -%}
    {{ return('table') }}
{%- endmacro %}

{% macro incremental_post_hooks(hooks) -%}
    {{ return(adapter.dispatch('incremental_post_hooks', 'journey_warehouse')(hooks)) }}
{%- endmacro %}
{% macro default__incremental_post_hooks(hooks) -%}
    {{ return(hooks) }}
{%- endmacro %}
{% macro spark__incremental_post_hooks(hooks) -%}
    {{ return([]) }}
{%- endmacro %}

{#- Journey-scoped incremental models (see int_journeys_rederived) re-derive the journeys whose
    fingerprint changed after their own newest row was written, append their rows and then
    delete the rows they supersede. The whole pattern (docs/incremental.md) in one call at the
    top of the model: `{{ journey_scoped_incremental() }}`, then filter each input with
    `where {{ in_rederived_journeys() }}` and stamp rows with `derived_at`. Extra post-hooks
    (e.g. a model that rewrites some rows whole) go in `post_hooks`. -#}
{% macro journey_scoped_incremental(post_hooks=[]) -%}
    {#- the change log is read inside is_incremental() only, invisible to dbt's parser -#}
    {%- do ref('int_journeys_rederived') -%}
    {{ config(
        materialized=incremental_materialization(),
        incremental_strategy='append',
        on_schema_change='fail',
        post_hook=incremental_post_hooks(['{{ delete_superseded_journey_rows() }}'] + post_hooks),
    ) }}
{%- endmacro %}

{#- `column` names a journey to re-derive in this build (always true in a full build). -#}
{% macro in_rederived_journeys(column='journey_id') -%}
    {%- if is_incremental() -%}
        {{ column }} in (
            select changes.journey_id
            from {{ ref('int_journeys_rederived') }} as changes
            where changes.derived_at > (
                select coalesce(
                    max(built.derived_at), {{ dbt.cast("'1900-01-01'", dbt.type_timestamp()) }}
                )
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
