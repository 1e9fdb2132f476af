{#- Campaign-level attribution: the credit every model gives each channel x campaign, per
    business model and month of the conversion (definitions in _attribution__models.yml; return
    on spend: rpt_return_on_ad_spend). -#}
with

fct_attribution_weights as (
    select * from {{ ref('fct_attribution_weights') }}
),

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

credited as (
    select
        fct_attribution_weights.business_model,
        cast({{ dbt.date_trunc('month', 'fct_attribution_weights.converted_at') }} as date)
            as period_month_date,
        fct_attribution_weights.attribution_model,
        fct_attribution_weights.channel,
        -- (unattributed) conversions have no touch; a touch without a campaign reads (none)
        case
            when fct_attribution_weights.event_id is null then '(unattributed)'
            else coalesce(fct_touchpoints.campaign, '(none)')
        end as campaign,
        fct_attribution_weights.weight,
        fct_attribution_weights.revenue_credit
    from fct_attribution_weights
    left join fct_touchpoints
        on fct_attribution_weights.event_id = fct_touchpoints.event_id
),

credit as (
    select
        business_model,
        period_month_date,
        attribution_model,
        channel,
        campaign,
        sum(weight) as conversions,
        sum(revenue_credit) as revenue
    from credited
    group by 1, 2, 3, 4, 5
),

final as (
    select
        business_model || '|' || cast(period_month_date as {{ dbt.type_string() }}) || '|'
        || attribution_model || '|' || channel || '|' || campaign as report_row_id,
        business_model,
        period_month_date,
        attribution_model,
        channel,
        campaign,
        cast(conversions as {{ type_double() }}) as conversions,
        cast(revenue as decimal(18, 2)) as revenue,
        '{{ var("reporting_currency") }}' as currency
    from credit
)

select * from final
