{#- Calendar of cohort periods (`cohort_grain`: week, month or quarter), one row per period from
    the period of the first conversion to the period of the reference date, numbered from 0.
    Built from a numbers CTE (up to 10,000 periods), so no period is missing even when nobody
    converted in it. The last period is usually incomplete: it is observed up to the
    reference date only. -#}
{%- set grain = cohort_grain() -%}
with

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

int_reference_dates_computed as (
    select * from {{ ref('int_reference_dates_computed') }}
),

first_conversion as (
    select min(converted_date) as first_converted_date
    from fct_conversions
),

bounds as (
    select
        cast({{ dbt.date_trunc(grain, 'first_conversion.first_converted_date') }} as date)
            as first_period_start_date,
        cast({{ dbt.date_trunc(grain, 'int_reference_dates_computed.reference_date') }} as date)
            as last_period_start_date,
        int_reference_dates_computed.reference_date
    from first_conversion
    cross join int_reference_dates_computed
),

numbers as (
    {{ integer_sequence(4) }}
),

periods as (
    select
        numbers.sequence_number as period_number,
        cast(
            {{ dbt.dateadd(grain, 'numbers.sequence_number', 'bounds.first_period_start_date') }}
            as date
        ) as period_start_date,
        bounds.reference_date
    from bounds
    cross join numbers
    where
        {{ dbt.dateadd(grain, 'numbers.sequence_number', 'bounds.first_period_start_date') }}
        <= bounds.last_period_start_date
),

bounded as (
    select
        period_number,
        period_start_date,
        cast(
            {{ dbt.dateadd('day', -1, dbt.dateadd(grain, 1, 'period_start_date')) }} as date
        ) as period_end_date,
        reference_date
    from periods
),

final as (
    select
        period_number,
        '{{ grain }}' as period_grain,
        period_start_date,
        period_end_date,
        case
            when period_end_date < reference_date then period_end_date else reference_date
        end as observed_end_date,
        period_end_date <= reference_date as is_complete_period
    from bounded
)

select * from final
