with

-- the loader quarantines a repeated key (reason duplicate_key), so each key is here once
source as (
    select * from {{ source('landing', 'feedback') }}
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
    from source
)

select * from final
