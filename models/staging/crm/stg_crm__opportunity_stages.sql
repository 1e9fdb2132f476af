with

source as (
    select * from {{ source('crm', 'opportunity_stages') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by stage_change_id order by _loaded_at, _line_number
        ) as copy_number
    from source
),

final as (
    select
        stage_change_id,
        opportunity_id,
        stage as b2b_stage,
        cast(entered_at as {{ dbt.type_timestamp() }}) as entered_at
    from ranked
    where copy_number = 1
)

select * from final
