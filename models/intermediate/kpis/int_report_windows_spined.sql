{#- The windows a reader picks on the pages: for each length in var `report_period_days`, the
    current window (the days up to the reference date) and the previous one of the same
    length before it, first and last day inclusive. -#}
with

int_reference_dates_computed as (
    select * from {{ ref('int_reference_dates_computed') }}
),

periods as (
    {% for days in var('report_period_days') -%}
        select {{ days }} as period_days
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

offsets as (
    select
        'current' as period,
        0 as windows_back
    union all
    select
        'previous' as period,
        1 as windows_back
),

windows as (
    select
        periods.period_days,
        offsets.period,
        cast({{ dbt.dateadd(
            'day', '-offsets.windows_back * periods.period_days', 'reference.reference_date'
        ) }} as date) as window_end_date
    from periods
    cross join offsets
    cross join int_reference_dates_computed as reference
    where reference.reference_date is not null
),

final as (
    select
        cast(period_days as {{ dbt.type_string() }}) || '|' || period as report_window_id,
        period_days,
        period,
        cast({{ dbt.dateadd('day', '1 - period_days', 'window_end_date') }} as date)
            as window_start_date,
        window_end_date
    from windows
)

select * from final
