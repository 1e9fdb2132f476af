{#- Booked-revenue bridge, NRR and GRR per period, business model (on its own cohort grain) and
    slice (retention_slices()), period over period. Definitions and formulas in
    _retention__models.yml. -#}
{%- set statuses = [
    'new', 'retained', 'expanded', 'contracted', 'returning', 'reactivated', 'dormant',
    'churned', 'lost'
] -%}
{%- set amounts = [
    'starting', 'new', 'returning', 'reactivated', 'expansion', 'contraction', 'lapsed', 'ending'
] -%}
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
            period_start_date,
            period_end_date,
            is_complete_period,
            is_active,
            customer_status,
            is_in_retention_base,
            {% for amount in amounts -%}
                {{ amount }}_revenue,
            {% endfor -%}
            currency
        from fct_customer_periods
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

per_period as (
    select
        business_model,
        cohort_dimension,
        cohort_value,
        period_start_date,
        min(period_grain) as period_grain,
        min(period_end_date) as period_end_date,
        min(case when is_complete_period then 1 else 0 end) = 1 as is_complete_period,
        sum(case when is_in_retention_base then 1 else 0 end) as starting_customers,
        {% for status in statuses -%}
            sum(case when customer_status = '{{ status }}' then 1 else 0 end)
                as {{ status }}_customers,
        {% endfor -%}
        sum(case when is_in_retention_base and not is_active then 1 else 0 end)
            as lapsed_customers,
        {% for amount in amounts -%}
            sum({{ amount }}_revenue) as {{ amount }}_revenue,
        {% endfor -%}
        {{ currency_label('currency') }} as currency
    from sliced
    group by 1, 2, 3, 4
),

final as (
    select
        business_model || '|' || cohort_dimension || '|' || cohort_value || '|'
        || cast(period_start_date as {{ dbt.type_string() }}) as revenue_retention_id,
        business_model,
        cohort_dimension,
        cohort_value,
        period_grain,
        period_start_date,
        period_end_date,
        is_complete_period,
        cast(starting_customers as {{ dbt.type_bigint() }}) as starting_customers,
        {% for status in statuses -%}
            cast({{ status }}_customers as {{ dbt.type_bigint() }}) as {{ status }}_customers,
        {% endfor -%}
        cast(lapsed_customers as {{ dbt.type_bigint() }}) as lapsed_customers,
        {% for amount in amounts -%}
            cast({{ amount }}_revenue as decimal(18, 2)) as {{ amount }}_revenue,
        {% endfor -%}
        {{ ratio(
            'starting_revenue + expansion_revenue - contraction_revenue - lapsed_revenue',
            'starting_revenue'
        ) }} as net_revenue_retention,
        {{ ratio(
            'starting_revenue - contraction_revenue - lapsed_revenue', 'starting_revenue'
        ) }} as gross_revenue_retention,
        starting_customers >= {{ var('retention_min_customers') }} as is_reportable,
        currency
    from per_period
)

select * from final
