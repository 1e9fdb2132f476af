{#- Data test scopes. `where: latest_derivation` on a test of an incremental model checks the
    rows of its newest build (`derived_at` at its maximum): on a nightly run the journeys and
    people it re-derived, after a full refresh every row. That keeps the nightly tests in
    proportion to the night's data; the incremental-equals-full-refresh test in `make test`
    and the gate's whole-table totals cover the rows a night leaves alone. Any other `where`
    is dbt's plain filter. Overrides dbt's default__get_where_subquery. -#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where == 'latest_derivation' -%}
        {%- set where = 'derived_at = (select max(derived_at) from ' ~ relation ~ ')' -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
