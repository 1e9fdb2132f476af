{#- Retention triangle: acquisition cohort x periods since acquisition, per business model
    (each on its own cohort grain) and slice (retention_slices()). Definitions in
    _retention__models.yml. -#}
with

fct_customer_periods as (
    select * from {{ ref('fct_customer_periods') }}
),

sliced as (
    {% for dimension, value in retention_slices().items() -%}
        select
            business_model,
            '{{ dimension }}' as cohort_dimension,
            {{ value }} as cohort_value,
            period_grain,
            cohort_period_start_date,
            period_offset,
            period_start_date,
            is_complete_period,
            is_active,
            customer_status,
            net_revenue,
            currency
        from fct_customer_periods
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

per_offset as (
    select
        business_model,
        cohort_dimension,
        cohort_value,
        cohort_period_start_date,
        period_offset,
        min(period_grain) as period_grain,
        min(period_start_date) as period_start_date,
        min(case when is_complete_period then 1 else 0 end) = 1 as is_complete_period,
        count(*) as cohort_size,
        sum(case when is_active then 1 else 0 end) as active_customers,
        sum(case when customer_status in ('churned', 'lost') then 1 else 0 end)
            as churned_customers,
        sum(net_revenue) as net_revenue,
        {{ currency_label('currency') }} as currency
    from sliced
    group by 1, 2, 3, 4, 5
),

with_first_period as (
    select
        per_offset.*,
        first_period.net_revenue as first_period_revenue,
        sum(per_offset.net_revenue) over (
            partition by
                per_offset.business_model,
                per_offset.cohort_dimension,
                per_offset.cohort_value,
                per_offset.cohort_period_start_date
            order by per_offset.period_offset
            rows between unbounded preceding and current row
        ) as cumulative_revenue
    from per_offset
    inner join per_offset as first_period
        on
            per_offset.business_model = first_period.business_model
            and per_offset.cohort_dimension = first_period.cohort_dimension
            and per_offset.cohort_value = first_period.cohort_value
            and per_offset.cohort_period_start_date = first_period.cohort_period_start_date
            and first_period.period_offset = 0
),

final as (
    select
        business_model || '|' || cohort_dimension || '|' || cohort_value || '|'
        || cast(cohort_period_start_date as {{ dbt.type_string() }}) || '|'
        || cast(period_offset as {{ dbt.type_string() }}) as retention_cohort_id,
        business_model,
        cohort_dimension,
        cohort_value,
        period_grain,
        cohort_period_start_date,
        cast(period_offset as {{ dbt.type_int() }}) as period_offset,
        period_start_date,
        is_complete_period,
        cast(cohort_size as {{ dbt.type_bigint() }}) as cohort_size,
        cast(active_customers as {{ dbt.type_bigint() }}) as active_customers,
        cast(churned_customers as {{ dbt.type_bigint() }}) as churned_customers,
        {{ ratio('active_customers', 'cohort_size') }} as logo_retention_rate,
        cast(net_revenue as decimal(18, 2)) as net_revenue,
        cast(first_period_revenue as decimal(18, 2)) as first_period_revenue,
        {{ ratio('net_revenue', 'first_period_revenue') }} as revenue_retention_rate,
        -- the quotient in double (as DuckDB divides decimals), then rounded to cents
        cast({{ ratio('cumulative_revenue', 'cohort_size') }} as decimal(18, 2))
            as cumulative_revenue_per_customer,
        cohort_size >= {{ var('retention_min_customers') }} as is_reportable,
        currency
    from with_first_period
)

select * from final
