{#- The rate that turns one unit of each currency into the reporting currency, per validity
    interval [valid_from_date, valid_to_date). Delivered rates (landing) win over the seed's for
    the same currency and date; a rate holds until the currency's next one, the last one carries
    forward. Both legs are quoted per EUR, so the rate is units_per_eur(reporting) /
    units_per_eur(currency), on the intersection of the two legs' intervals. -#}
{%- set reporting_currency = var('reporting_currency') -%}
with

fx_rates as (
    select * from {{ ref('fx_rates') }}
),

stg_landing__fx_rates as (
    select * from {{ ref('stg_landing__fx_rates') }}
),

delivered_or_default as (
    select
        currency,
        rate_date,
        units_per_eur,
        'landing' as rate_source
    from stg_landing__fx_rates

    union all

    select
        fx_rates.currency,
        fx_rates.rate_date,
        fx_rates.units_per_eur,
        'seed' as rate_source
    from fx_rates
    left join stg_landing__fx_rates
        on
            fx_rates.currency = stg_landing__fx_rates.currency
            and fx_rates.rate_date = stg_landing__fx_rates.rate_date
    where stg_landing__fx_rates.currency is null

    union all

    -- the quote currency: 1 EUR is 1 EUR, always
    select
        'EUR' as currency,
        cast('1900-01-01' as date) as rate_date,
        cast(1 as decimal(18, 6)) as units_per_eur,
        'definition' as rate_source
),

per_eur as (
    select
        currency,
        rate_date as valid_from_date,
        coalesce(
            lead(rate_date) over (partition by currency order by rate_date),
            cast('9999-12-31' as date)
        ) as valid_to_date,
        units_per_eur,
        rate_source
    from delivered_or_default
),

reporting_leg as (
    select * from per_eur
    where currency = '{{ reporting_currency }}'
),

final as (
    select
        per_eur.currency,
        '{{ reporting_currency }}' as reporting_currency,
        greatest(per_eur.valid_from_date, reporting_leg.valid_from_date) as valid_from_date,
        least(per_eur.valid_to_date, reporting_leg.valid_to_date) as valid_to_date,
        cast(reporting_leg.units_per_eur as {{ type_double() }})
        / cast(per_eur.units_per_eur as {{ type_double() }}) as to_reporting_rate,
        per_eur.rate_source
    from per_eur
    inner join reporting_leg
        on
            per_eur.valid_from_date < reporting_leg.valid_to_date
            and per_eur.valid_to_date > reporting_leg.valid_from_date
)

select * from final
