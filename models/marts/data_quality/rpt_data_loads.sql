{#- Per landing dataset: files and rows read, loaded and quarantined, and how fresh the last
    load is. `unreconciled_rows` must be 0: every row read is loaded or quarantined. The
    latest batch (the files of the loader run that loaded the newest file) has its own
    quarantine rate: one broken delivery must stand out, not drown in the whole history. Rows
    identical to rows loaded before (a re-delivered file) stay quarantined but are not bad
    rows: that rate counts bad rows among the rows that were new. -#}
with

stg_landing__load_ledger_entries as (
    select * from {{ ref('stg_landing__load_ledger_entries') }}
),

latest_batches as (
    -- the loader call that loaded the dataset's newest file
    select
        dataset,
        load_batch_id
    from (
        select
            dataset,
            load_batch_id,
            row_number() over (partition by dataset order by loaded_at desc) as recency_rank
        from stg_landing__load_ledger_entries
    ) as ranked
    where recency_rank = 1
),

latest_batch_rates as (
    select
        stg_landing__load_ledger_entries.dataset,
        cast(sum(stg_landing__load_ledger_entries.rows_read) as {{ dbt.type_bigint() }})
            as latest_batch_rows_read,
        case
            when sum(stg_landing__load_ledger_entries.rows_read) > 0
                then coalesce(
                    {{ ratio(
                        'sum(stg_landing__load_ledger_entries.rows_quarantined'
                        ~ ' - stg_landing__load_ledger_entries.rows_already_loaded)',
                        'sum(stg_landing__load_ledger_entries.rows_read'
                        ~ ' - stg_landing__load_ledger_entries.rows_already_loaded)'
                    ) }},
                    0
                )
        end as latest_batch_quarantine_rate
    from stg_landing__load_ledger_entries
    inner join latest_batches
        on
            stg_landing__load_ledger_entries.dataset = latest_batches.dataset
            and stg_landing__load_ledger_entries.load_batch_id = latest_batches.load_batch_id
    group by 1
),

totals as (
    select
        dataset,
        count(*) as files,
        count(case when load_status = 'rejected' then 1 end) as files_rejected,
        cast(sum(rows_read) as {{ dbt.type_bigint() }}) as rows_read,
        cast(sum(rows_loaded) as {{ dbt.type_bigint() }}) as rows_loaded,
        cast(sum(rows_quarantined) as {{ dbt.type_bigint() }}) as rows_quarantined,
        cast(sum(rows_already_loaded) as {{ dbt.type_bigint() }}) as rows_already_loaded,
        cast(sum(rows_read - rows_loaded - rows_quarantined) as {{ dbt.type_bigint() }})
            as unreconciled_rows,
        {{ ratio('sum(rows_quarantined)', 'sum(rows_read)') }} as quarantine_rate,
        max(loaded_at) as last_loaded_at,
        cast(
            {{ dbt.datediff('max(loaded_at)', dbt.current_timestamp(), 'minute') }}
            as {{ type_double() }}
        ) / 60
            as hours_since_last_load
    from stg_landing__load_ledger_entries
    group by 1
),

-- how often each dataset is expected (var landing_freshness_hours; none = no expectation)
limits as (
    select
        *,
        cast(case dataset
            {%- for dataset, hours in var('landing_freshness_hours').items()
                if dataset != 'default' %}
                when '{{ dataset }}' then {{ 'null' if hours is none else hours }}
            {%- endfor %}
            else {{ var('landing_freshness_hours')['default'] }}
        end as {{ type_double() }}) as max_hours_between_loads
    from totals
),

final as (
    select
        totals.*,
        latest_batch_rates.latest_batch_rows_read,
        latest_batch_rates.latest_batch_quarantine_rate,
        coalesce(totals.hours_since_last_load <= totals.max_hours_between_loads, true) as is_fresh
    from limits as totals
    inner join latest_batch_rates
        on totals.dataset = latest_batch_rates.dataset
)

select * from final
