{#- Activity per journey and cohort period (on its business model's grain): the periods in
    which the journey converted (B2C orders net of refunds, B2B won opportunities), with net
    revenue and the last conversion date in the period. A fully refunded order still makes the
    period active (revenue 0). -#}
with

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

int_retention_periods_spined as (
    select * from {{ ref('int_retention_periods_spined') }}
),

conversions as (
    select
        journey_id,
        {{ cohort_period_start('converted_date') }} as period_start_date,
        business_model,
        converted_date,
        net_revenue,
        currency
    from fct_conversions
),

aggregated as (
    select
        journey_id,
        period_start_date,
        business_model,
        count(*) as conversion_count,
        sum(net_revenue) as net_revenue,
        {{ currency_label('currency') }} as currency,
        min(converted_date) as first_converted_date,
        max(converted_date) as last_converted_date
    from conversions
    group by 1, 2, 3
),

final as (
    select
        aggregated.journey_id || '|'
        || cast(aggregated.period_start_date as {{ dbt.type_string() }}) as journey_period_id,
        aggregated.journey_id,
        aggregated.business_model,
        int_retention_periods_spined.period_number,
        aggregated.period_start_date,
        aggregated.conversion_count,
        cast(aggregated.net_revenue as decimal(18, 2)) as net_revenue,
        aggregated.currency,
        aggregated.first_converted_date,
        aggregated.last_converted_date
    from aggregated
    inner join int_retention_periods_spined
        on
            aggregated.business_model = int_retention_periods_spined.business_model
            and aggregated.period_start_date = int_retention_periods_spined.period_start_date
)

select * from final
