{#- Helpers for the retention, voice-of-customer, segment and B2B/B2C marts. Portable SQL only:
    where engines differ the macro dispatches. -#}

{#- The cohort grain of a business model (vars `cohort_grain_b2c` and `cohort_grain_b2b`),
    checked at compile time. -#}
{% macro cohort_grain(business_model) -%}
    {%- set name = 'cohort_grain_' ~ business_model -%}
    {%- set grain = var(name) | lower -%}
    {%- if grain not in ['week', 'month', 'quarter'] -%}
        {{ exceptions.raise_compiler_error(
            "var " ~ name ~ " must be week, month or quarter, got '" ~ grain ~ "'"
        ) }}
    {%- endif -%}
    {{ return(grain) }}
{%- endmacro %}

{#- Per-row cohort calendar on the grain of the row's business model: the grain's name, the
    first day of the period containing a date, and a date moved by a number of periods. -#}
{% macro cohort_period_grain(business_model_column='business_model') -%}
    case {{ business_model_column }}
        {%- for business_model in business_models() %}
            when '{{ business_model }}' then '{{ cohort_grain(business_model) }}'
        {%- endfor %}
    end
{%- endmacro %}

{% macro cohort_period_start(date_column, business_model_column='business_model') -%}
    case {{ business_model_column }}
        {%- for business_model in business_models() %}
            when '{{ business_model }}'
                then cast({{ dbt.date_trunc(cohort_grain(business_model), date_column) }} as date)
        {%- endfor %}
    end
{%- endmacro %}

{% macro cohort_dateadd(periods, date_column, business_model_column='business_model') -%}
    case {{ business_model_column }}
        {%- for business_model in business_models() %}
            when '{{ business_model }}'
                then cast(
                    {{ dbt.dateadd(cohort_grain(business_model), periods, date_column) }} as date
                )
        {%- endfor %}
    end
{%- endmacro %}

{#- Double-precision float (dbt.type_float() is a 4-byte float on DuckDB). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'journey_warehouse')()) }}
{%- endmacro %}
{% macro default__type_double() -%} double {%- endmacro %}
{% macro postgres__type_double() -%} double precision {%- endmacro %}

{#- The integers 0 .. 10^digits - 1 as column `sequence_number`: a numbers table built from a
    cross join of ten-row digit lists, for date spines without dbt_utils. -#}
{% macro integer_sequence(digits=4) -%}
    select
        {% for position in range(digits) -%}
            digits_{{ position }}.digit * {{ 10 ** position }}
            {%- if not loop.last %} + {% endif %}
        {%- endfor %} as sequence_number
    from
        {% for position in range(digits) -%}
            (
                {% for digit in range(10) -%}
                    select {{ digit }} as digit{% if not loop.last %} union all {% endif %}
                {%- endfor %}
            ) as digits_{{ position }}
            {%- if not loop.last %} cross join {% endif %}
        {% endfor %}
{%- endmacro %}

{#- Free text prepared for lexicon matching: lower case, punctuation turned into spaces, one
    leading and one trailing space, so that `like '% ' || term || '%'` matches a term at the
    start of a word (catching inflections such as verspätet -> verspätete, crash -> crashing). -#}
{% macro normalize_text(expression) -%}
    {%- set text = namespace(sql='lower(' ~ expression ~ ')') -%}
    {%- set marks = [
        '.', ',', '!', '?', ';', ':', '"', "''", '(', ')', '[', ']', '/', '-', '\n'
    ] -%}
    {%- for mark in marks -%}
        {%- set text.sql = "replace(" ~ text.sql ~ ", '" ~ mark ~ "', ' ')" -%}
    {%- endfor -%}
    ' ' || replace(replace({{ text.sql }}, '   ', ' '), '  ', ' ') || ' '
{%- endmacro %}

{#- The currency of an aggregate: the one currency of its rows, else 'mixed'. -#}
{% macro currency_label(column) -%}
    case
        when count(distinct {{ column }}) = 1 then min({{ column }})
        when count(distinct {{ column }}) > 1 then 'mixed'
    end
{%- endmacro %}

{#- numerator / denominator as a double, null when the denominator is 0 or null. -#}
{% macro ratio(numerator, denominator) -%}
    cast({{ numerator }} as {{ type_double() }}) / nullif({{ denominator }}, 0)
{%- endmacro %}

{#- Whole and fractional days between two timestamps. -#}
{% macro days_between(start_expression, end_expression) -%}
    cast({{ dbt.datediff(start_expression, end_expression, 'second') }} as {{ type_double() }})
    / 86400
{%- endmacro %}

{#- Generic test: rows where a boolean SQL expression over the model's columns is false. -#}
{% test expression_holds(model, expression, where_clause=none) %}
select *
from {{ model }}
where
    not coalesce({{ expression }}, false)
    {% if where_clause %}and ({{ where_clause }}){% endif %}
{% endtest %}

{#- Days before a conversion (or an open path's last touch) whose touchpoints a path keeps:
    B2B sales cycles take months, so B2B has its own, longer window. -#}
{% macro attribution_lookback_days(business_model) -%}
    case
        when {{ business_model }} = 'b2b' then {{ var('b2b_attribution_lookback_days') }}
        else {{ var('attribution_lookback_days') }}
    end
{%- endmacro %}

{#- The slices of the retention reports: `cohort_dimension` -> the column of
    fct_customer_periods that gives `cohort_value`. Acquisition channel is fixed at the first
    purchase; current segment is today's RFM segment (look-ahead: describes, never explains). -#}
{% macro retention_slices() -%}
    {{ return({
        'all': "'all'",
        'acquisition_channel': 'acquisition_channel',
        'current_segment': 'current_segment',
    }) }}
{%- endmacro %}

{#- The channel of a survey response: the channel of the touchpoint it is about, else the
    channel the survey was collected in. One definition for fct_feedback_responses and the
    response-rate denominators (int_active_journeys_counted). -#}
{% macro feedback_channel(
    touchpoint_channel='touchpoint_channel', survey_channel='survey_channel'
) -%}
    coalesce({{ touchpoint_channel }}, {{ survey_channel }})
{%- endmacro %}

{#- The report dimensions of survey responses, (dimension_name, value expression) over the
    columns touchpoint_event_type, channel (feedback_channel), touchpoint_journey_stage and
    segment: `(none)` = no touchpoint (or no channel) found, `(unknown)` = no segment. Shared by
    fct_feedback_response_dimensions (the numerators) and int_active_journeys_counted (the
    denominators), so a response rate always divides like by like. -#}
{% macro feedback_dimensions() -%}
    {{ return([
        ('overall', "'all'"),
        ('event_type', "coalesce(touchpoint_event_type, '(none)')"),
        ('channel', "coalesce(channel, '(none)')"),
        ('journey_stage', "coalesce(touchpoint_journey_stage, '(none)')"),
        ('segment', "coalesce(segment, '(unknown)')"),
    ]) }}
{%- endmacro %}
