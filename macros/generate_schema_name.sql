{#- Custom schemas are used as given (staging, intermediate, marts, seeds), not prefixed. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ (custom_schema_name or target.schema) | trim }}
{%- endmacro %}
