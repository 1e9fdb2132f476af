with

source as (
    select * from {{ source('landing', 'load_ledger') }}
),

final as (
    select
        file_hash,
        file_name,
        dataset,
        file_bytes,
        status as load_status,
        reason_code as load_reason_code,
        rows_read,
        rows_loaded,
        rows_quarantined,
        -- of rows_quarantined: loaded before (a re-delivery) or superseded (a late snapshot)
        coalesce(rows_already_loaded, 0) as rows_already_loaded,
        source_encoding,
        error as load_error,
        contract_version,
        duration_ms,
        load_batch_id,
        cast(loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from final
