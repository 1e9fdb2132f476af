{#- The raw layer on engines other than DuckDB: external Parquet tables over the lake folder
    (JW_LAKE_DIR, written by `journey-warehouse export-lake` from the loader's DuckDB tables),
    under the schema the sources name (raw). Created on run start, so a dbt invocation always
    reads the last export. DuckDB reads its own raw tables: nothing to do there. -#}
{% macro create_lake_sources() -%}
    {{ return(adapter.dispatch('create_lake_sources', 'journey_warehouse')()) }}
{%- endmacro %}

{% macro default__create_lake_sources() -%}{%- endmacro %}

{% macro spark__create_lake_sources() -%}
    {%- if execute -%}
        {%- set lake = env_var('JW_LAKE_DIR', 'data/lake') ~ '/raw' -%}
        {%- set tables = [] -%}
        {%- for source in graph.sources.values() if source.schema == 'raw' -%}
            {%- do tables.append(source.identifier) -%}
        {%- endfor -%}
        {%- do run_query('create database if not exists raw') -%}
        {%- for table in tables | unique | sort -%}
            {%- do run_query('drop table if exists raw.' ~ table) -%}
            {%- do run_query(
                'create table raw.' ~ table ~ " using parquet location '" ~ lake ~ '/' ~ table ~ "'"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
