with

-- the loader quarantines a repeated key (reason duplicate_key), so each key is here once
source as (
    select * from {{ source('landing', 'refunds') }}
),

final as (
    select
        refund_id,
        order_id,
        cast(refunded_at as {{ dbt.type_timestamp() }}) as refunded_at,
        currency,
        refund_amount,
        reason as refund_reason
    from source
)

select * from final
