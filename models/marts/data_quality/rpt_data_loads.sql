{#- Per landing dataset: files and rows read, loaded and quarantined, and how fresh the last
    load is. `unreconciled_rows` must be 0: every row read is loaded or quarantined. -#}
with

stg_landing__load_ledger as (
    select * from {{ ref('stg_landing__load_ledger') }}
),

final as (
    select
        dataset,
        count(*) as files,
        count(case when load_status = 'rejected' then 1 end) as files_rejected,
        cast(sum(rows_read) as {{ dbt.type_bigint() }}) as rows_read,
        cast(sum(rows_loaded) as {{ dbt.type_bigint() }}) as rows_loaded,
        cast(sum(rows_quarantined) as {{ dbt.type_bigint() }}) as rows_quarantined,
        cast(sum(rows_read - rows_loaded - rows_quarantined) as {{ dbt.type_bigint() }})
            as unreconciled_rows,
        sum(rows_quarantined) * 1.0 / nullif(sum(rows_read), 0) as quarantine_rate,
        max(loaded_at) as last_loaded_at,
        {{ dbt.datediff('max(loaded_at)', dbt.current_timestamp(), 'minute') }} / 60.0
            as hours_since_last_load
    from stg_landing__load_ledger
    group by 1
)

select * from final
