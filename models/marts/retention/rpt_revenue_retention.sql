{#- Revenue bridge per cohort period, business model and current segment ('all' = every
    segment), period over period on the cohort grain. Each live customer carries a run rate:
    the net revenue of its last active period. Starting revenue = run rates of the customers
    live (not churned) at the end of the previous period. Then
      ending = starting + new + reactivated + expansion - contraction - churned,
      NRR = (starting + expansion - contraction - churned) / starting,
      GRR = (starting - contraction - churned) / starting.
    Expansion and contraction are the exact revenue changes of returning customers vs their
    previous active period (also the small ones of customers labelled retained); churned
    revenue is the run rate of customers whose status is churned in the period. -#}
with

fct_customer_periods as (
    select * from {{ ref('fct_customer_periods') }}
),

segmented as (
    select
        business_model,
        segment,
        period_start_date,
        period_end_date,
        is_complete_period,
        customer_status,
        is_in_retention_base,
        starting_revenue,
        new_revenue,
        reactivated_revenue,
        expansion_revenue,
        contraction_revenue,
        churned_revenue,
        ending_revenue,
        currency
    from fct_customer_periods

    union all

    select
        business_model,
        'all' as segment,
        period_start_date,
        period_end_date,
        is_complete_period,
        customer_status,
        is_in_retention_base,
        starting_revenue,
        new_revenue,
        reactivated_revenue,
        expansion_revenue,
        contraction_revenue,
        churned_revenue,
        ending_revenue,
        currency
    from fct_customer_periods
),

{%- set statuses = [
    'new', 'retained', 'expanded', 'contracted', 'reactivated', 'dormant', 'churned', 'lost'
] %}

per_period as (
    select
        business_model,
        segment,
        period_start_date,
        min(period_end_date) as period_end_date,
        min(case when is_complete_period then 1 else 0 end) = 1 as is_complete_period,
        sum(case when is_in_retention_base then 1 else 0 end) as starting_customers,
        {% for status in statuses -%}
            sum(case when customer_status = '{{ status }}' then 1 else 0 end)
                as {{ status }}_customers,
        {% endfor -%}
        sum(starting_revenue) as starting_revenue,
        sum(new_revenue) as new_revenue,
        sum(reactivated_revenue) as reactivated_revenue,
        sum(expansion_revenue) as expansion_revenue,
        sum(contraction_revenue) as contraction_revenue,
        sum(churned_revenue) as churned_revenue,
        sum(ending_revenue) as ending_revenue,
        {{ currency_label('currency') }} as currency
    from segmented
    group by 1, 2, 3
),

final as (
    select
        business_model || '|' || segment || '|'
        || cast(period_start_date as {{ dbt.type_string() }}) as revenue_retention_id,
        business_model,
        segment,
        period_start_date,
        period_end_date,
        is_complete_period,
        cast(starting_customers as {{ dbt.type_bigint() }}) as starting_customers,
        {% for status in statuses -%}
            cast({{ status }}_customers as {{ dbt.type_bigint() }}) as {{ status }}_customers,
        {% endfor -%}
        cast(starting_revenue as decimal(18, 2)) as starting_revenue,
        cast(new_revenue as decimal(18, 2)) as new_revenue,
        cast(reactivated_revenue as decimal(18, 2)) as reactivated_revenue,
        cast(expansion_revenue as decimal(18, 2)) as expansion_revenue,
        cast(contraction_revenue as decimal(18, 2)) as contraction_revenue,
        cast(churned_revenue as decimal(18, 2)) as churned_revenue,
        cast(ending_revenue as decimal(18, 2)) as ending_revenue,
        {{ ratio(
            'starting_revenue + expansion_revenue - contraction_revenue - churned_revenue',
            'starting_revenue'
        ) }} as net_revenue_retention,
        {{ ratio(
            'starting_revenue - contraction_revenue - churned_revenue', 'starting_revenue'
        ) }} as gross_revenue_retention,
        currency
    from per_period
)

select * from final
