{#- Lifetime value per journey for the reports, with its segment (dim_segments). -#}
with

fct_customer_lifetime_values as (
    select * from {{ ref('fct_customer_lifetime_values') }}
),

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

final as (
    select
        fct_customer_lifetime_values.journey_id,
        fct_customer_lifetime_values.business_model,
        coalesce(dim_segments.segment, 'unknown') as segment,
        dim_segments.account_id,
        fct_customer_lifetime_values.first_purchase_date,
        fct_customer_lifetime_values.last_purchase_date,
        fct_customer_lifetime_values.conversion_count,
        fct_customer_lifetime_values.average_order_value,
        fct_customer_lifetime_values.tenure_days,
        fct_customer_lifetime_values.expected_purchases_90d,
        fct_customer_lifetime_values.expected_purchases_180d,
        fct_customer_lifetime_values.expected_purchases_365d,
        fct_customer_lifetime_values.probability_alive,
        fct_customer_lifetime_values.historical_clv,
        fct_customer_lifetime_values.predicted_clv,
        fct_customer_lifetime_values.total_clv,
        fct_customer_lifetime_values.prediction_method,
        fct_customer_lifetime_values.fallback_reason
    from fct_customer_lifetime_values
    left join dim_segments
        on fct_customer_lifetime_values.journey_id = dim_segments.journey_id
)

select * from final
