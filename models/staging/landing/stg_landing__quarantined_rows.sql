{#- Every row the loader quarantined, of every landing dataset, one row each, with its text
    masked where it enters the warehouse (macros/personal_data.sql, mask_quarantined_text and
    mask_known_names): the raw text and the CRM contacts' names stop here. Known names are the
    CRM contacts' whose last name the text contains, so each row is matched against the few
    names that can occur in it, not against all of them. -#}
{%- set quarantines = [
    ('landing', 'quarantine_touchpoints', 'touchpoints'),
    ('landing', 'quarantine_orders', 'orders'),
    ('landing', 'quarantine_refunds', 'refunds'),
    ('landing', 'quarantine_feedback', 'feedback'),
    ('landing', 'quarantine_fx_rates', 'fx_rates'),
    ('landing', 'quarantine_marketing_spend', 'marketing_spend'),
    ('crm', 'quarantine_accounts', 'crm_accounts'),
    ('crm', 'quarantine_contacts', 'crm_contacts'),
    ('crm', 'quarantine_opportunities', 'crm_opportunities'),
    ('crm', 'quarantine_opportunity_stages', 'crm_opportunity_stages'),
] %}
{%- set up_to_last_word %}^.*\s{% endset %}
with

landing_quarantine_touchpoints as (
    select * from {{ source('landing', 'quarantine_touchpoints') }}
),

landing_quarantine_orders as (
    select * from {{ source('landing', 'quarantine_orders') }}
),

landing_quarantine_refunds as (
    select * from {{ source('landing', 'quarantine_refunds') }}
),

landing_quarantine_feedback as (
    select * from {{ source('landing', 'quarantine_feedback') }}
),

landing_quarantine_fx_rates as (
    select * from {{ source('landing', 'quarantine_fx_rates') }}
),

landing_quarantine_marketing_spend as (
    select * from {{ source('landing', 'quarantine_marketing_spend') }}
),

crm_quarantine_accounts as (
    select * from {{ source('crm', 'quarantine_accounts') }}
),

crm_quarantine_contacts as (
    select * from {{ source('crm', 'quarantine_contacts') }}
),

crm_quarantine_opportunities as (
    select * from {{ source('crm', 'quarantine_opportunities') }}
),

crm_quarantine_opportunity_stages as (
    select * from {{ source('crm', 'quarantine_opportunity_stages') }}
),

crm_contacts as (
    select * from {{ source('crm', 'contacts') }}
),

unioned as (
    {% for source_name, table_name, dataset in quarantines %}
        select
            '{{ dataset }}' as dataset,
            reason_code,
            reason_column,
            _file_name,
            _file_hash,
            _line_number,
            raw_text,
            _quarantined_at,
            _replayed_into
        from {{ source_name }}_{{ table_name }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

identified as (
    select
        dataset
        || '|' || _file_hash
        || '|' || coalesce(cast(_line_number as {{ dbt.type_string() }}), 'file')
            as quarantined_row_id,
        *
    from unioned
),

contact_names as (
    select distinct
        trim(full_name) as full_name,
        lower({{ regexp_replace_all(
            'trim(full_name)', regex_literal(up_to_last_word), "''"
        ) }}) as last_name
    from crm_contacts
    where full_name is not null and trim(full_name) <> ''
),

-- per row, the names that can occur in it (its text contains their last name), longest first
row_name_patterns as (
    select
        identified.quarantined_row_id,
        {{ dbt.listagg(
            personal_name_pattern('contact_names.full_name'),
            "'|'",
            'order by length(contact_names.full_name) desc'
        ) }} as name_pattern
    from identified
    inner join contact_names
        on {{ dbt.position('contact_names.last_name', 'lower(identified.raw_text)') }} > 0
    group by 1
),

masked as (
    select
        identified.*,
        {{ mask_quarantined_text('identified.raw_text', 'identified.dataset') }}
            as field_masked_text
    from identified
),

final as (
    select
        masked.quarantined_row_id,
        masked.dataset,
        masked.reason_code,
        masked.reason_column,
        masked._file_name as file_name,
        masked._file_hash as file_hash,
        masked._line_number as line_number,
        cast(masked._quarantined_at as {{ dbt.type_timestamp() }}) as quarantined_at,
        masked._replayed_into as replayed_into,
        masked._replayed_into is not null as is_replayed,
        masked._line_number is null as is_file_rejection,
        {{ dbt.length('masked.raw_text') }} as text_length,
        {{ mask_known_names(
            'masked.field_masked_text', 'row_name_patterns.name_pattern'
        ) }} as masked_text
    from masked
    left join row_name_patterns
        on masked.quarantined_row_id = row_name_patterns.quarantined_row_id
)

select * from final
