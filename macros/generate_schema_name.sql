{#- Custom schemas are used as given (staging, intermediate, marts, seeds), not prefixed. The
    core layer (models/core/) is a build order, not a schema: its int_ steps live beside the
    other intermediates and its fct_ / dim_ tables beside the marts. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if node.resource_type == 'model' and node.fqn[1] == 'core' -%}
        {{ 'intermediate' if node.name.startswith('int_') else 'marts' }}
    {%- else -%}
        {{ (custom_schema_name or target.schema) | trim }}
    {%- endif -%}
{%- endmacro %}
