with

-- the loader quarantines a repeated key (reason duplicate_key), so each key is here once
source as (
    select * from {{ source('landing', 'touchpoints') }}
),

final as (
    select
        event_id,
        cast(occurred_at as {{ dbt.type_timestamp() }}) as occurred_at,
        anonymous_id,
        customer_id,
        {{ pseudonymize('email_hash') }} as email_key,
        account_id,
        channel,
        event_type,
        campaign,
        {{ json_text('attributes', 'order_id') }} as order_id,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from final
