{#- Cost to serve per customer: the service contacts of every converted journey since its
    first conversion, priced at the channel's rate (definitions in _customers__models.yml). -#}
with

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

service_cost_rates as (
    select * from {{ ref('service_cost_rates') }}
),

customers as (
    select
        journey_id,
        business_model,
        segment,
        first_converted_date,
        net_revenue
    from dim_segments
    where is_converted
),

-- contacts before the first purchase are selling, not serving
service_contacts as (
    select
        fct_touchpoints.journey_id,
        count(*) as service_contacts,
        sum(service_cost_rates.cost_per_contact) as cost_to_serve
    from fct_touchpoints
    inner join service_cost_rates
        on fct_touchpoints.channel = service_cost_rates.channel
    inner join customers
        on
            fct_touchpoints.journey_id = customers.journey_id
            and fct_touchpoints.occurred_date >= customers.first_converted_date
    group by 1
),

final as (
    select
        customers.journey_id,
        customers.business_model,
        customers.segment,
        customers.first_converted_date,
        cast(coalesce(service_contacts.service_contacts, 0) as {{ dbt.type_bigint() }})
            as service_contacts,
        cast(coalesce(service_contacts.cost_to_serve, 0) as decimal(18, 2)) as cost_to_serve,
        cast(customers.net_revenue as decimal(18, 2)) as net_revenue,
        {{ ratio('coalesce(service_contacts.cost_to_serve, 0)', 'customers.net_revenue') }}
            as cost_to_serve_share,
        '{{ var("reporting_currency") }}' as currency
    from customers
    left join service_contacts
        on customers.journey_id = service_contacts.journey_id
)

select * from final
