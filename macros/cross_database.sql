{#- Dispatched helpers for what dbt's own cross-database macros do not cover. -#}

{#- sha256 hex digest of a string. -#}
{% macro sha256_hex(expression) -%}
    {{ return(adapter.dispatch('sha256_hex', 'journey_warehouse')(expression)) }}
{%- endmacro %}
{% macro default__sha256_hex(expression) -%} sha2({{ expression }}, 256) {%- endmacro %}
{% macro duckdb__sha256_hex(expression) -%} sha256({{ expression }}) {%- endmacro %}
{% macro trino__sha256_hex(expression) -%}
    lower(to_hex(sha256(to_utf8({{ expression }}))))
{%- endmacro %}

{#- Keyed pseudonym: identical inputs match across sources, but without the key
    (JW_PSEUDONYMIZATION_KEY) nobody can test a guessed e-mail address against it. On DuckDB the
    key is a session variable set by the journey_warehouse.dbt_session plugin (profiles.yml), so
    it is never written into compiled SQL, logs or the view definitions; a connection without it
    fails instead of hashing with no key (the cast: an unset variable is a NULL of no type,
    which coalesce would fold away together with the error). -#}
{% macro pseudonymize(expression) -%}
    case when {{ expression }} is not null then
        {{ sha256_hex(pseudonymization_key() ~ " || '|' || " ~ expression) }}
    end
{%- endmacro %}

{% macro pseudonymization_key() -%}
    {{ return(adapter.dispatch('pseudonymization_key', 'journey_warehouse')()) }}
{%- endmacro %}
{% macro duckdb__pseudonymization_key() -%}
    coalesce(
        cast(getvariable('jw_pseudonymization_key') as varchar),
        error('jw_pseudonymization_key is not set: connect through the dbt profile')
    )
{%- endmacro %}
{#- engines without session variables: the key as a literal, to be set explicitly (keep
    compiled SQL private there) -#}
{% macro default__pseudonymization_key() -%}
    '{{ env_var("JW_PSEUDONYMIZATION_KEY") }}'
{%- endmacro %}

{#- A scalar from a JSON object column, as text. -#}
{% macro json_text(column, key) -%}
    {{ return(adapter.dispatch('json_text', 'journey_warehouse')(column, key)) }}
{%- endmacro %}
{% macro default__json_text(column, key) -%}
    get_json_object({{ column }}, '$.{{ key }}')
{%- endmacro %}
{% macro duckdb__json_text(column, key) -%}
    json_extract_string({{ column }}, '$.{{ key }}')
{%- endmacro %}
{% macro trino__json_text(column, key) -%}
    json_extract_scalar({{ column }}, '$.{{ key }}')
{%- endmacro %}

{#- Bitwise and of two integers (channel-set masks). -#}
{% macro bitand(left, right) -%}
    {{ return(adapter.dispatch('bitand', 'journey_warehouse')(left, right)) }}
{%- endmacro %}
{% macro default__bitand(left, right) -%} ({{ left }} & {{ right }}) {%- endmacro %}
{% macro trino__bitand(left, right) -%} bitwise_and({{ left }}, {{ right }}) {%- endmacro %}

{#- Bits set in an integer. -#}
{% macro bit_count(expression) -%}
    {{ return(adapter.dispatch('bit_count', 'journey_warehouse')(expression)) }}
{%- endmacro %}
{% macro default__bit_count(expression) -%} bit_count({{ expression }}) {%- endmacro %}
{% macro trino__bit_count(expression) -%} bit_count({{ expression }}, 64) {%- endmacro %}

{#- Power of two as a bigint. -#}
{% macro pow2(expression) -%}
    cast(power(2, {{ expression }}) as {{ dbt.type_bigint() }})
{%- endmacro %}

{#- safe_cast that yields null instead of failing on DuckDB (dbt's default is a plain cast). -#}
{% macro duckdb__safe_cast(field, type) -%} try_cast({{ field }} as {{ type }}) {%- endmacro %}

{#- Continuous percentile as an aggregate. -#}
{% macro percentile(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile', 'journey_warehouse')(expression, fraction)) }}
{%- endmacro %}
{% macro default__percentile(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}
{% macro spark__percentile(expression, fraction) -%}
    percentile({{ expression }}, {{ fraction }})
{%- endmacro %}
{% macro trino__percentile(expression, fraction) -%}
    approx_percentile({{ expression }}, {{ fraction }})
{%- endmacro %}

{#- dbt-spark's listagg (collect_list) drops the order: ordered aggregation by Spark 4's
    `listagg ... within group`. -#}
{% macro spark__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
    {%- if limit_num -%}
        {{ exceptions.raise_compiler_error('listagg with limit_num is not supported on Spark') }}
    {%- endif -%}
    listagg({{ measure }}, {{ delimiter_text }})
    {%- if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endmacro %}

{#- try_cast on Spark too: null instead of an error (or a silent default) on a bad value. -#}
{% macro spark__safe_cast(field, type) -%} try_cast({{ field }} as {{ type }}) {%- endmacro %}
