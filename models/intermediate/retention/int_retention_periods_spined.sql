{#- Calendar of cohort periods per business model, each on its own grain (`cohort_grain_b2c`,
    `cohort_grain_b2b`): one row per period from the period of the business model's first
    conversion to the period of the reference date, numbered from 0. Built from a numbers CTE
    (up to 10,000 periods), so no period is missing even when nobody converted in it. The last
    period is usually incomplete: it is observed up to the reference date only. -#}
with

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

int_reference_dates_computed as (
    select * from {{ ref('int_reference_dates_computed') }}
),

first_conversions as (
    select
        business_model,
        min(converted_date) as first_converted_date
    from fct_conversions
    group by 1
),

bounds as (
    select
        first_conversions.business_model,
        {{ cohort_period_start(
            'first_conversions.first_converted_date', 'first_conversions.business_model'
        ) }} as first_period_start_date,
        {{ cohort_period_start(
            'int_reference_dates_computed.reference_date', 'first_conversions.business_model'
        ) }} as last_period_start_date,
        int_reference_dates_computed.reference_date
    from first_conversions
    cross join int_reference_dates_computed
),

numbers as (
    {{ integer_sequence(4) }}
),

periods as (
    select
        bounds.business_model,
        numbers.sequence_number as period_number,
        {{ cohort_dateadd(
            'numbers.sequence_number', 'bounds.first_period_start_date', 'bounds.business_model'
        ) }} as period_start_date,
        bounds.last_period_start_date,
        bounds.reference_date
    from bounds
    cross join numbers
),

bounded as (
    select
        business_model,
        period_number,
        period_start_date,
        cast({{ dbt.dateadd('day', -1, cohort_dateadd(1, 'period_start_date')) }} as date)
            as period_end_date,
        reference_date
    from periods
    where period_start_date <= last_period_start_date
),

final as (
    select
        business_model || '|' || cast(period_start_date as {{ dbt.type_string() }})
            as retention_period_id,
        business_model,
        {{ cohort_period_grain() }} as period_grain,
        period_number,
        period_start_date,
        period_end_date,
        case
            when period_end_date < reference_date then period_end_date else reference_date
        end as observed_end_date,
        period_end_date <= reference_date as is_complete_period
    from bounded
)

select * from final
