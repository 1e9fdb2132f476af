{#- Marketing spend per day, channel and campaign in the reporting currency, at the rate of the
    spend day (int_fx_rates_resolved); the delivered amount and currency are kept. -#}
with

stg_landing__marketing_spends as (
    select * from {{ ref('stg_landing__marketing_spends') }}
),

int_fx_rates_resolved as (
    select * from {{ ref('int_fx_rates_resolved') }}
),

final as (
    select
        cast(stg_landing__marketing_spends.spend_date as {{ dbt.type_string() }}) || '|'
        || stg_landing__marketing_spends.channel || '|' || stg_landing__marketing_spends.campaign
        || '|' || stg_landing__marketing_spends.business_model as spend_id,
        stg_landing__marketing_spends.business_model,
        stg_landing__marketing_spends.spend_date,
        stg_landing__marketing_spends.channel,
        stg_landing__marketing_spends.campaign,
        cast(
            stg_landing__marketing_spends.amount * int_fx_rates_resolved.to_reporting_rate
            as decimal(18, 2)
        ) as spend,
        stg_landing__marketing_spends.amount as original_amount,
        stg_landing__marketing_spends.currency as original_currency
    from stg_landing__marketing_spends
    left join int_fx_rates_resolved
        on
            stg_landing__marketing_spends.currency = int_fx_rates_resolved.currency
            and stg_landing__marketing_spends.spend_date >= int_fx_rates_resolved.valid_from_date
            and stg_landing__marketing_spends.spend_date < int_fx_rates_resolved.valid_to_date
)

select * from final
