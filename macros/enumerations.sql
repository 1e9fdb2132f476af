{#- The project's enumerations, one source each: the lists live in dbt_project.yml (vars
    `journey_stages`, `attribution_models`), where the Python side (the gate) reads them too;
    the seeds add labels, and test_conventions keeps seeds and accepted_values in step. -#}

{#- The business models, in report order. -#}
{% macro business_models() -%}
    {{ return(['b2c', 'b2b']) }}
{%- endmacro %}

{#- The five journey stages in funnel order. -#}
{% macro journey_stages() -%}
    {{ return(var('journey_stages')) }}
{%- endmacro %}

{#- Every attribution model, in report order. -#}
{% macro attribution_models() -%}
    {{ return(var('attribution_models')) }}
{%- endmacro %}

{#- The attribution models that credit a conversion from its own path alone (markov and
    shapley depend on all paths). -#}
{% macro rule_based_attribution_models() -%}
    {{ return(attribution_models() | reject('in', ['markov', 'shapley']) | list) }}
{%- endmacro %}
