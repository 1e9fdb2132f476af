with

source as (
    select * from {{ source('landing', 'orders') }}
),

ranked as (
    select
        *,
        row_number() over (partition by order_id order by _loaded_at, _line_number) as copy_number
    from source
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
    from ranked
    where copy_number = 1
)

select * from final
