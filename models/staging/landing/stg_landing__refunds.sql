with

source as (
    select * from {{ source('landing', 'refunds') }}
),

ranked as (
    select
        *,
        row_number() over (partition by refund_id order by _loaded_at, _line_number) as copy_number
    from source
),

final as (
    select
        refund_id,
        order_id,
        cast(refunded_at as {{ dbt.type_timestamp() }}) as refunded_at,
        currency,
        refund_amount,
        reason as refund_reason
    from ranked
    where copy_number = 1
)

select * from final
