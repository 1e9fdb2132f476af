{#- Customer acquisition cost per business model and month (definitions in
    _marketing__models.yml). -#}
{%- set min_customers = var('retention_min_customers') -%}
with

int_marketing_spend_converted as (
    select * from {{ ref('int_marketing_spend_converted') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

spend as (
    select
        business_model,
        cast({{ dbt.date_trunc('month', 'spend_date') }} as date) as period_month_date,
        sum(spend) as spend
    from int_marketing_spend_converted
    group by 1, 2
),

first_conversions as (
    select
        business_model,
        journey_id,
        min(converted_date) as first_converted_date
    from fct_conversions
    group by 1, 2
),

acquired as (
    select
        business_model,
        cast({{ dbt.date_trunc('month', 'first_converted_date') }} as date) as period_month_date,
        count(*) as new_customers
    from first_conversions
    group by 1, 2
),

joined as (
    select
        coalesce(spend.business_model, acquired.business_model) as business_model,
        coalesce(spend.period_month_date, acquired.period_month_date) as period_month_date,
        spend.spend,
        acquired.new_customers
    from spend
    full outer join acquired
        on
            spend.business_model = acquired.business_model
            and spend.period_month_date = acquired.period_month_date
),

final as (
    select
        business_model || '|' || cast(period_month_date as {{ dbt.type_string() }})
            as acquisition_cost_id,
        business_model,
        period_month_date,
        -- no spend row is no spend data, not zero spend
        cast(spend as decimal(18, 2)) as spend,
        cast(coalesce(new_customers, 0) as {{ dbt.type_bigint() }}) as new_customers,
        {{ ratio('spend', 'new_customers') }} as customer_acquisition_cost,
        coalesce(new_customers, 0) >= {{ min_customers }} as is_reportable,
        '{{ var("reporting_currency") }}' as currency
    from joined
)

select * from final
