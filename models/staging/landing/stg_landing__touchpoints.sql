with

source as (
    select * from {{ source('landing', 'touchpoints') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by event_id order by _loaded_at, _file_name, _line_number
        ) as copy_number
    from source
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
    from ranked
    where copy_number = 1
)

select * from final
