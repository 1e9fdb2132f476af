with

source as (
    select * from {{ source('crm', 'opportunities') }}
),

final as (
    select
        opportunity_id,
        account_id,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(closed_at as {{ dbt.type_timestamp() }}) as closed_at,
        status as opportunity_status,
        status = 'won' as is_won,
        coalesce(amount, 0) as amount,
        coalesce(currency, 'EUR') as currency,
        -- the date whose exchange rate values the amount: the close, or the creation while open
        cast(coalesce(closed_at, created_at) as date) as rate_date,
        cast(_deleted_at as {{ dbt.type_timestamp() }}) as deleted_at
    from source
)

select * from final
