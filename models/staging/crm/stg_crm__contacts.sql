{#- Raw e-mail, name and phone stop here: only keyed pseudonyms leave staging. The e-mail is
    first hashed the way the landing contract defines email_hash, so contacts match touchpoints. -#}
with

source as (
    select * from {{ source('crm', 'contacts') }}
),

final as (
    select
        contact_id,
        account_id,
        {{ pseudonymize(sha256_hex('lower(trim(email))')) }} as email_key,
        {{ pseudonymize('lower(trim(full_name))') }} as full_name_key,
        {{ pseudonymize('trim(phone)') }} as phone_key,
        job_title,
        coalesce(is_decision_maker, false) as is_decision_maker,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at,
        cast(_deleted_at as {{ dbt.type_timestamp() }}) as deleted_at
    from source
)

select * from final
