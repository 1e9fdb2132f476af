{#- Conversions: B2C orders (by stitched person) and B2B closed-won opportunities (by account).
    Each journey may convert several times; conversion_number counts its cycles. Money is
    converted into the reporting currency at the rate of the conversion date (a refund at its
    order's rate, so that net revenue is the order's net amount converted once). -#}
with

stg_landing__orders as (
    select * from {{ ref('stg_landing__orders') }}
),

stg_landing__refunds as (
    select * from {{ ref('stg_landing__refunds') }}
),

stg_crm__opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

int_identities_stitched as (
    select * from {{ ref('int_identities_stitched') }}
),

int_fx_rates_resolved as (
    select * from {{ ref('int_fx_rates_resolved') }}
),

refunds_per_order as (
    select
        order_id,
        sum(refund_amount) as refund_amount
    from stg_landing__refunds
    group by 1
),

orders as (
    select
        'order:' || stg_landing__orders.order_id as conversion_id,
        'b2c' as business_model,
        'b2c:' || int_identities_stitched.person_id as journey_id,
        int_identities_stitched.person_id,
        cast(null as {{ dbt.type_string() }}) as account_id,
        stg_landing__orders.order_id as source_id,
        stg_landing__orders.ordered_at as converted_at,
        stg_landing__orders.currency,
        stg_landing__orders.order_amount as gross_revenue,
        least(
            coalesce(refunds_per_order.refund_amount, 0), stg_landing__orders.order_amount
        ) as refunded_revenue
    from stg_landing__orders
    inner join int_identities_stitched
        on int_identities_stitched.identifier = 'cust:' || stg_landing__orders.customer_id
    left join refunds_per_order
        on stg_landing__orders.order_id = refunds_per_order.order_id
),

won_opportunities as (
    select
        'opportunity:' || opportunity_id as conversion_id,
        'b2b' as business_model,
        'b2b:' || account_id as journey_id,
        cast(null as {{ dbt.type_string() }}) as person_id,
        account_id,
        opportunity_id as source_id,
        closed_at as converted_at,
        currency,
        amount as gross_revenue,
        cast(0 as {{ dbt.type_numeric() }}) as refunded_revenue
    from stg_crm__opportunities
    where is_won and closed_at is not null
),

unioned as (
    select * from orders
    union all
    select * from won_opportunities
),

converted as (
    select
        unioned.*,
        int_fx_rates_resolved.to_reporting_rate as fx_rate
    from unioned
    left join int_fx_rates_resolved
        on
            unioned.currency = int_fx_rates_resolved.currency
            and cast(unioned.converted_at as date) >= int_fx_rates_resolved.valid_from_date
            and cast(unioned.converted_at as date) < int_fx_rates_resolved.valid_to_date
),

final as (
    select
        conversion_id,
        business_model,
        journey_id,
        person_id,
        account_id,
        source_id,
        converted_at,
        cast(converted_at as date) as converted_date,
        row_number() over (
            partition by journey_id order by converted_at, conversion_id
        ) as conversion_number,
        lag(converted_at) over (
            partition by journey_id order by converted_at, conversion_id
        ) as previous_converted_at,
        '{{ var('reporting_currency') }}' as currency,
        cast(gross_revenue * fx_rate as decimal(18, 2)) as gross_revenue,
        cast(gross_revenue * fx_rate as decimal(18, 2))
        - cast((gross_revenue - refunded_revenue) * fx_rate as decimal(18, 2)) as refunded_revenue,
        cast((gross_revenue - refunded_revenue) * fx_rate as decimal(18, 2)) as net_revenue,
        currency as original_currency,
        fx_rate,
        cast(gross_revenue as decimal(18, 2)) as original_gross_revenue,
        cast(gross_revenue - refunded_revenue as decimal(18, 2)) as original_net_revenue
    from converted
)

select * from final
