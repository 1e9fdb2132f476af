{#- Personal data typed into free text, masked where the text enters the warehouse
    (stg_landing__feedback_responses), so no later model, mart, snapshot or report sees it.
    Replaced by a placeholder: e-mail addresses -> [email], IBANs -> [iban], phone numbers ->
    [phone], names of known people -> [name].

    Phone numbers are digit runs that start like one: + or 00 and a country code, or a
    national 0 with a 2-5 digit area code (in brackets or not), then 4-14 more digits with
    single spaces, slashes, dots (international only), hyphens or brackets between them, e.g.
    +49 170 1234567, 0170/1234567, (030) 123 45 67, +44 20 7946 0958. Left alone: numbers that
    start with 1-9 (order numbers, prices, amounts, years), dates and times (their 0 is followed
    by a dot, slash or colon within two digits, or preceded by one), and any number right after
    an order, invoice, customer, article, contract, ticket or tracking word ("Bestellnummer
    0170123456", "order #0012345678"). Limits: a phone number written without its leading 0 or
    + ("170 1234567") stays; a number starting with 0 that is not a phone number and has no such
    word before it is masked (the safe side).

    The patterns are regular expressions that RE2 (DuckDB) and Java (Spark, Trino) both read,
    with `\1` for a group in the replacement (regexp_replace_all converts it where needed). They
    are written as raw set blocks: a backslash in a Jinja string literal would be an escape. -#}

{#- Each mask: a pattern and its replacement, in the order they apply. -#}
{% macro personal_data_masks() -%}
    {#- what may stand before a phone number: start, white space or punctuation that does not
        belong to a number ('.', ',', '/', '-', '#', '_' and letters do) -#}
    {%- set boundary %}(^|[\s:;(\[=<>*"]){% endset -%}
    {%- set email -%}
        [\pL0-9._%+-]+(?:@|\s?[(\[]at[)\]]\s?)[\pL0-9-]+(?:\.[\pL0-9-]+)*\.\pL{2,}
    {%- endset -%}
    {%- set iban %}\b[A-Z]{2}[0-9]{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b{% endset -%}
    {#- a digit right after an order, invoice, ... word gets a marker, so no phone pattern
        starts there; mask_personal_data removes the marker at the end -#}
    {%- set reference_words -%}
        bestell|auftrag|rechnung|kunden|vertrag|artikel|sendung|order|invoice|customer|contract
        |item|ticket|tracking
    {%- endset -%}
    {%- set words = reference_words | replace('\n', '') | replace(' ', '') -%}
    {%- set reference_word %}(?i)((?:{{ words }})[a-z.-]*[\s:#.]*)([0-9]){% endset -%}
    {%- set international -%}
        (?:[+]|00)[1-9][0-9]{0,2}(?:[ .-]?[(]0[)])?(?:[ ./()-]{0,2}[0-9]){6,14}
    {%- endset -%}
    {%- set bracketed_area %}[(]0[1-9][0-9]{1,4}[)](?:[ ./-]{0,2}[0-9]){4,10}{% endset -%}
    {%- set national %}0[1-9][0-9]{1,4}(?:\s?[/-]\s?|\s)?(?:[ -]?[0-9]){4,10}{% endset -%}
    {%- set group_1 %}\1{% endset -%}
    {%- set group_2 %}\2{% endset -%}
    {{ return([
        (email, '[email]'),
        (iban, '[iban]'),
        (reference_word, group_1 ~ personal_data_marker() ~ group_2),
        (boundary ~ international, group_1 ~ '[phone]'),
        (boundary ~ bracketed_area, group_1 ~ '[phone]'),
        (boundary ~ national, group_1 ~ '[phone]'),
    ]) }}
{%- endmacro %}

{% macro personal_data_marker() -%} ~#~ {%- endmacro %}

{#- The text with every mask but names applied. -#}
{% macro mask_personal_data(expression) -%}
    {%- set text = namespace(sql=expression) -%}
    {%- for pattern, replacement in personal_data_masks() -%}
        {%- set text.sql = regexp_replace_all(
            text.sql, regex_literal(pattern), regex_literal(replacement)
        ) -%}
    {%- endfor -%}
    replace({{ text.sql }}, '{{ personal_data_marker() }}', '')
{%- endmacro %}

{#- The text with the names of `name_pattern` (a SQL expression: personal_name_pattern()s
    joined by '|', or null) masked case-insensitively. -#}
{% macro mask_known_names(expression, name_pattern) -%}
    case
        when {{ name_pattern }} is null then {{ expression }}
        else {{ regexp_replace_all(
            expression, "'(?i)(?:' || " ~ name_pattern ~ " || ')'", "'[name]'"
        ) }}
    end
{%- endmacro %}

{#- One person's name as a pattern: the full name, or the last name after a title ("Frau
    Meyer", "Mr Meyer", "Dr. Meyer"), quoted literally (\Q...\E). First names alone are not
    masked: too many are ordinary words (Mark, Will, Max). -#}
{% macro personal_name_pattern(full_name) -%}
    {%- set quote_start %}\Q{% endset -%}
    {%- set quote_end %}\E{% endset -%}
    {%- set titles %}|(?:herr|frau|hr\.|fr\.|mr\.?|mrs\.?|ms\.?|dr\.?)\s+\Q{% endset -%}
    {%- set up_to_last_word %}^.*\s{% endset -%}
    {{ regex_literal(quote_start) }} || trim({{ full_name }}) || {{ regex_literal(quote_end) }}
    || {{ regex_literal(titles) }}
    || {{ regexp_replace_all(
        'trim(' ~ full_name ~ ')', regex_literal(up_to_last_word), "''"
    ) }}
    || {{ regex_literal(quote_end) }}
{%- endmacro %}

{#- regexp_replace of every match; `\1` in the replacement names a group. -#}
{% macro regexp_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'journey_warehouse')(
        expression, pattern, replacement
    )) }}
{%- endmacro %}
{% macro duckdb__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}
{% macro postgres__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}
{#- Java regular expressions (Trino, Spark) name a group $1 (Spark's literals double the \) -#}
{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    {%- set java_replacement = replacement | replace('\\\\', '$') | replace('\\', '$') -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ java_replacement }})
{%- endmacro %}

{#- A regular expression (or replacement) as a SQL string literal (no single quotes in it). -#}
{% macro regex_literal(text) -%}
    {{ return(adapter.dispatch('regex_literal', 'journey_warehouse')(text)) }}
{%- endmacro %}
{% macro default__regex_literal(text) -%} '{{ text }}' {%- endmacro %}
{#- Spark SQL string literals read a backslash as an escape: double it -#}
{% macro spark__regex_literal(text) -%} '{{ text | replace('\\', '\\\\') }}' {%- endmacro %}

{#- The landing fields that hold personal data, per dataset, with their placeholders (the
    contract's PII columns, journey_warehouse/landing/contract.py; stg_crm__contacts keeps only
    their pseudonyms). A quarantined row keeps them as delivered: its text is masked by
    mask_quarantined_text. -#}
{% macro personal_data_fields() -%}
    {{ return({
        'crm_contacts': [('email', '[email]'), ('full_name', '[name]'), ('phone', '[phone]')],
    }) }}
{%- endmacro %}

{#- A quarantined row's text (`expression`, of the landing dataset `dataset_expression`) with
    personal data masked: the values of the personal fields of a parsed row (a JSON object), then
    every mask of mask_personal_data with a comma counted as white space in front of a phone
    number (a CSV line's fields are comma-separated), then, in a line of a dataset with personal
    fields that did not parse (its fields cannot be told apart), every field with a capitalised
    word (a name, or a job title: the safe side). Names of known people: mask_known_names
    afterwards. -#}
{% macro mask_quarantined_text(expression, dataset_expression) -%}
    {%- set separator = 'chr(12)' -%}
    {%- set text = namespace(sql=expression) -%}
    {%- set fields = [] -%}
    {%- for fields_of_dataset in personal_data_fields().values() -%}
        {%- for field in fields_of_dataset if field not in fields -%}
            {%- do fields.append(field) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- for name, placeholder in fields -%}
        {#- "name": "a \"quoted\" value" -> "name": "[placeholder]" -#}
        {%- set pattern %}("{{ name }}"\s*:\s*)"(?:[^"\\]|\\.)*"{% endset -%}
        {%- set replacement %}\1"{{ placeholder }}"{% endset -%}
        {%- set text.sql = regexp_replace_all(
            text.sql, regex_literal(pattern), regex_literal(replacement)
        ) -%}
    {%- endfor -%}
    {%- set spaced = "replace(" ~ text.sql ~ ", ',', ',' || " ~ separator ~ ")" -%}
    {%- set masked = "replace(" ~ mask_personal_data(spaced) ~ ", " ~ separator ~ ", '')" -%}
    {%- set capitalised_field %}(^|[,;\t])[^,;\t]*\p{Lu}\p{Ll}[^,;\t]*{% endset -%}
    {%- set group_1 %}\1{% endset -%}
    {%- set datasets = personal_data_fields().keys() | list -%}
    case
        when {{ dataset_expression }} in ('{{ datasets | join("', '") }}')
            and substring(trim({{ expression }}), 1, 1) <> '{'
            then {{ regexp_replace_all(
                masked, regex_literal(capitalised_field), regex_literal(group_1 ~ '[name]')
            ) }}
        else {{ masked }}
    end
{%- endmacro %}
