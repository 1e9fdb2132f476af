{#- Quarantined rows per landing dataset, reason code and file (the load that quarantined
    them), with the replayed rows apart from the open ones. The lines per dataset add up to the
    load ledger's rows_quarantined (data test `sums_match`): every quarantined row of every
    load is here. A whole file rejected before any row was read has one record and no rows. -#}
with

stg_landing__quarantined_rows as (
    select * from {{ ref('stg_landing__quarantined_rows') }}
),

stg_landing__load_ledger_entries as (
    select * from {{ ref('stg_landing__load_ledger_entries') }}
),

reason_columns as (
    select distinct
        dataset,
        reason_code,
        file_hash,
        reason_column
    from stg_landing__quarantined_rows
    where reason_column is not null
),

columns_per_file as (
    select
        dataset,
        reason_code,
        file_hash,
        {{ dbt.listagg('reason_column', "', '", 'order by reason_column') }} as reason_columns
    from reason_columns
    group by 1, 2, 3
),

counted as (
    select
        dataset,
        reason_code,
        file_hash,
        max(file_name) as file_name,
        count(case when not is_file_rejection then 1 end) as rows_quarantined,
        count(case when not is_file_rejection and is_replayed then 1 end) as rows_replayed,
        count(case when not is_file_rejection and not is_replayed then 1 end) as rows_open,
        max(case when is_file_rejection then 1 else 0 end) = 1 as is_file_rejection,
        min(quarantined_at) as first_quarantined_at,
        max(quarantined_at) as last_quarantined_at
    from stg_landing__quarantined_rows
    group by 1, 2, 3
),

final as (
    select
        counted.dataset
        || '|' || counted.reason_code
        || '|' || counted.file_hash as quarantine_summary_id,
        counted.dataset,
        counted.reason_code,
        columns_per_file.reason_columns,
        counted.file_name,
        counted.file_hash,
        stg_landing__load_ledger_entries.load_status,
        stg_landing__load_ledger_entries.loaded_at,
        cast(stg_landing__load_ledger_entries.loaded_at as date) as load_date,
        cast(counted.rows_quarantined as {{ dbt.type_bigint() }}) as rows_quarantined,
        cast(counted.rows_replayed as {{ dbt.type_bigint() }}) as rows_replayed,
        cast(counted.rows_open as {{ dbt.type_bigint() }}) as rows_open,
        counted.is_file_rejection,
        -- re-deliveries and late snapshots are quarantined, but nothing is wrong with them
        counted.reason_code not in ('already_loaded', 'superseded_snapshot') as is_bad_row_reason,
        counted.first_quarantined_at,
        counted.last_quarantined_at
    from counted
    left join columns_per_file
        on
            counted.dataset = columns_per_file.dataset
            and counted.reason_code = columns_per_file.reason_code
            and counted.file_hash = columns_per_file.file_hash
    left join stg_landing__load_ledger_entries
        on counted.file_hash = stg_landing__load_ledger_entries.file_hash
)

select * from final
