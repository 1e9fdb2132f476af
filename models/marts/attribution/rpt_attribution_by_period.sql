{#- Conversions and revenue each attribution model credits to each channel, for the
    conversions of the current and the previous window of each length (var
    `report_period_days`). Every model credits every conversion once, so per window the models'
    credits add up to the same number of conversions. -#}
with

fct_attribution_weights as (
    select * from {{ ref('fct_attribution_weights') }}
),

int_report_windows_spined as (
    select * from {{ ref('int_report_windows_spined') }}
),

windowed as (
    select
        fct_attribution_weights.business_model,
        windows.period_days,
        windows.period,
        windows.window_start_date,
        windows.window_end_date,
        fct_attribution_weights.attribution_model,
        fct_attribution_weights.channel,
        fct_attribution_weights.channel_group,
        fct_attribution_weights.weight,
        fct_attribution_weights.revenue_credit,
        fct_attribution_weights.currency
    from fct_attribution_weights
    inner join int_report_windows_spined as windows
        on
            cast(fct_attribution_weights.converted_at as date) between windows.window_start_date
            and windows.window_end_date
),

final as (
    select
        business_model || '|' || cast(period_days as {{ dbt.type_string() }}) || '|' || period
        || '|' || attribution_model || '|' || channel as attribution_period_row_id,
        business_model,
        period_days,
        period,
        min(window_start_date) as window_start_date,
        min(window_end_date) as window_end_date,
        attribution_model,
        channel,
        min(channel_group) as channel_group,
        sum(weight) as credited_conversions,
        cast(sum(revenue_credit) as decimal(18, 2)) as revenue_credit,
        {{ currency_label('currency') }} as currency
    from windowed
    group by business_model, period_days, period, attribution_model, channel
)

select * from final
