with

-- the loader quarantines a repeated key (reason duplicate_key), so each key is here once
source as (
    select * from {{ source('landing', 'orders') }}
),

final as (
    select
        order_id,
        customer_id,
        anonymous_id,
        {{ pseudonymize('email_hash') }} as email_key,
        cast(ordered_at as {{ dbt.type_timestamp() }}) as ordered_at,
        cast(ordered_at as date) as ordered_date,
        currency,
        order_amount,
        item_count,
        channel,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from final
