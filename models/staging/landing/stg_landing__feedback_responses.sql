{#- Comments leave staging with personal data masked (macros/personal_data.sql): e-mail
    addresses, IBANs and phone numbers in every comment, and the names of the responding
    account's CRM contacts (its buying group: the respondent and colleagues they name). The raw
    names are read here, from the CRM source, and stop here like the contacts' other PII. -#}
with

-- the loader quarantines a repeated key (reason duplicate_key), so each key is here once
source as (
    select * from {{ source('landing', 'feedback') }}
),

crm_contacts as (
    select * from {{ source('crm', 'contacts') }}
),

-- one alternation per account, longest names first (so a longer name wins over its prefix)
account_name_patterns as (
    select
        account_id,
        {{ dbt.listagg(
            personal_name_pattern('full_name'), "'|'", 'order by length(full_name) desc'
        ) }} as name_pattern
    from crm_contacts
    where full_name is not null and trim(full_name) <> ''
    group by 1
),

responses as (
    select
        source.*,
        coalesce(source.account_id, crm_contacts.account_id) as name_account_id,
        {{ mask_personal_data("nullif(trim(source.comment), '')") }} as masked_comment
    from source
    left join crm_contacts
        on source.contact_id = crm_contacts.contact_id
),

final as (
    select
        responses.response_id,
        cast(responses.responded_at as {{ dbt.type_timestamp() }}) as responded_at,
        responses.survey_type,
        responses.score,
        responses.customer_id,
        responses.anonymous_id,
        responses.account_id,
        responses.contact_id,
        responses.touchpoint_event_id,
        responses.order_id,
        responses.channel,
        coalesce(responses.language, 'en') as language_code,
        {{ mask_known_names(
            'responses.masked_comment', 'account_name_patterns.name_pattern'
        ) }} as comment_text
    from responses
    left join account_name_patterns
        on responses.name_account_id = account_name_patterns.account_id
)

select * from final
