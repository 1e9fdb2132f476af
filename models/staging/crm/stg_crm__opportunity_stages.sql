with

-- the loader quarantines a repeated key (reason duplicate_key), so each key is here once
source as (
    select * from {{ source('crm', 'opportunity_stages') }}
),

final as (
    select
        stage_change_id,
        opportunity_id,
        stage as b2b_stage,
        cast(entered_at as {{ dbt.type_timestamp() }}) as entered_at
    from source
)

select * from final
