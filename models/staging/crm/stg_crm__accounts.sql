with

source as (
    select * from {{ source('crm', 'accounts') }}
),

final as (
    select
        account_id,
        account_name,
        industry,
        employee_band,
        country,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(_deleted_at as {{ dbt.type_timestamp() }}) as deleted_at
    from source
)

select * from final
