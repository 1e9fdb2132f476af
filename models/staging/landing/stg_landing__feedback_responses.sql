with

source as (
    select * from {{ source('landing', 'feedback') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by response_id order by _loaded_at, _line_number
        ) as copy_number
    from source
),

final as (
    select
        response_id,
        cast(responded_at as {{ dbt.type_timestamp() }}) as responded_at,
        survey_type,
        score,
        customer_id,
        anonymous_id,
        account_id,
        contact_id,
        touchpoint_event_id,
        order_id,
        channel,
        coalesce(language, 'en') as language_code,
        nullif(trim(comment), '') as comment_text
    from ranked
    where copy_number = 1
)

select * from final
