{#- How the money on the pages was converted: one row per currency the conversions were booked
    in, with the reporting currency's symbol and the number formats the pages use for it. -#}
{%- set reporting_currency = var('reporting_currency') -%}
with

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

int_fx_rates_resolved as (
    select * from {{ ref('int_fx_rates_resolved') }}
),

latest_rates as (
    select
        currency,
        max(valid_from_date) as latest_rate_date
    from int_fx_rates_resolved
    group by 1
),

per_currency as (
    select
        original_currency,
        count(*) as conversions,
        sum(original_net_revenue) as original_net_revenue,
        sum(net_revenue) as net_revenue,
        min(fx_rate) as min_fx_rate,
        max(fx_rate) as max_fx_rate
    from fct_conversions
    group by 1
),

symbol as (
    select
        case '{{ reporting_currency }}'
            when 'EUR' then '€'
            when 'USD' then '$'
            when 'GBP' then '£'
            else '{{ reporting_currency }} '
        end as currency_symbol
),

final as (
    select
        per_currency.original_currency,
        '{{ reporting_currency }}' as reporting_currency,
        per_currency.conversions,
        cast(per_currency.original_net_revenue as decimal(18, 2)) as original_net_revenue,
        cast(per_currency.net_revenue as decimal(18, 2)) as net_revenue,
        {{ ratio('per_currency.net_revenue', 'per_currency.original_net_revenue') }}
            as effective_fx_rate,
        cast(per_currency.min_fx_rate as {{ type_double() }}) as min_fx_rate,
        cast(per_currency.max_fx_rate as {{ type_double() }}) as max_fx_rate,
        latest_rates.latest_rate_date,
        symbol.currency_symbol,
        -- Excel-style codes Evidence accepts as fmt
        '"' || symbol.currency_symbol || '"#,##0' as money_format,
        '"' || symbol.currency_symbol || '"#,##0.00' as money_format_cents
    from per_currency
    cross join symbol
    left join latest_rates
        on per_currency.original_currency = latest_rates.currency
)

select * from final
