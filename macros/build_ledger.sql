{#- The build ledger: one row per dbt invocation that writes the warehouse (build, run, seed,
    snapshot), started when it starts and marked succeeded or failed when it ends. The gate
    checks the newest build and publishing checks that the gate saw that same build, so marts
    of a failed or half-finished build never reach readers, whoever ran dbt (Dagster or an
    analyst). A killed dbt leaves its row `started`, which the gate treats as not finished. -#}

{% macro writes_warehouse() -%}
    {{- return(execute and flags.WHICH in ['build', 'run', 'seed', 'snapshot']) -}}
{%- endmacro %}

{% macro create_build_ledger() -%}
    {%- if writes_warehouse() -%}
        create table if not exists {{ build_ledger_relation() }} (
            build_id {{ dbt.type_string() }},
            command {{ dbt.type_string() }},
            started_at {{ dbt.type_timestamp() }},
            finished_at {{ dbt.type_timestamp() }},
            status {{ dbt.type_string() }},
            failed_nodes {{ dbt.type_string() }}
        )
    {%- endif -%}
{%- endmacro %}

{% macro build_ledger_relation() -%}
    {#- Spark has no database level (target.database is undefined there) -#}
    {%- set ops = api.Relation.create(database=target.get('database'), schema='ops') -%}
    {%- do adapter.create_schema(ops) -%}
    ops.dbt_builds
{%- endmacro %}

{% macro record_build_start() -%}
    {%- if writes_warehouse() -%}
        insert into {{ build_ledger_relation() }}
        values (
            '{{ invocation_id }}', '{{ flags.WHICH }}', {{ dbt.current_timestamp() }},
            null, 'started', null
        )
    {%- endif -%}
{%- endmacro %}

{#- `results`: dbt's node results (on-run-end); an error or failed test fails the build,
    warnings do not -#}
{% macro record_build_end(results) -%}
    {{ return(adapter.dispatch('record_build_end', 'journey_warehouse')(results)) }}
{%- endmacro %}

{% macro default__record_build_end(results) -%}
    {%- if writes_warehouse() -%}
        {%- set failed = [] -%}
        {%- for result in results if result.status in ['error', 'fail', 'runtime error'] -%}
            {%- do failed.append(result.node.unique_id) -%}
        {%- endfor -%}
        update {{ build_ledger_relation() }}
        set finished_at = {{ dbt.current_timestamp() }},
            status = '{{ "failed" if failed else "succeeded" }}',
            failed_nodes = {{ "'" ~ (failed | join(', '))[:2000] ~ "'" if failed else 'null' }}
        where build_id = '{{ invocation_id }}'
    {%- endif -%}
{%- endmacro %}

{#- Plain Parquet tables (Spark without Delta/Iceberg) refuse UPDATE: the end is a second row of
    the same build, and the newest row of a build_id is its state. -#}
{% macro spark__record_build_end(results) -%}
    {%- if writes_warehouse() -%}
        {%- set failed = [] -%}
        {%- for result in results if result.status in ['error', 'fail', 'runtime error'] -%}
            {%- do failed.append(result.node.unique_id) -%}
        {%- endfor -%}
        insert into {{ build_ledger_relation() }}
        select
            build_id, command, started_at, {{ dbt.current_timestamp() }},
            '{{ "failed" if failed else "succeeded" }}',
            {{ "'" ~ (failed | join(', '))[:2000] ~ "'" if failed else 'null' }}
        from {{ build_ledger_relation() }}
        where build_id = '{{ invocation_id }}' and status = 'started'
    {%- endif -%}
{%- endmacro %}
