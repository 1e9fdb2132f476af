{#- Campaign-level attribution and return on spend: the credit every model gives each
    channel x campaign, per business model and month of the conversion, beside the spend of the
    same month (definitions in _attribution__models.yml). -#}
with

fct_attribution_weights as (
    select * from {{ ref('fct_attribution_weights') }}
),

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

int_marketing_spend_converted as (
    select * from {{ ref('int_marketing_spend_converted') }}
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

-- spend of always-on budgets meets the credit of touches without a campaign
spend as (
    select
        business_model,
        cast({{ dbt.date_trunc('month', 'spend_date') }} as date) as period_month_date,
        channel,
        case when campaign = channel || '_always_on' then '(none)' else campaign end as campaign,
        sum(spend) as spend
    from int_marketing_spend_converted
    group by 1, 2, 3, 4
),

attribution_models as (
    select distinct attribution_model
    from credit
),

-- every model's row carries the same spend: spend is not attributed, credit is
spend_by_model as (
    select
        spend.*,
        attribution_models.attribution_model
    from spend
    cross join attribution_models
),

joined as (
    select
        coalesce(credit.business_model, spend_by_model.business_model) as business_model,
        coalesce(credit.period_month_date, spend_by_model.period_month_date) as period_month_date,
        coalesce(credit.attribution_model, spend_by_model.attribution_model) as attribution_model,
        coalesce(credit.channel, spend_by_model.channel) as channel,
        coalesce(credit.campaign, spend_by_model.campaign) as campaign,
        coalesce(credit.conversions, 0) as conversions,
        coalesce(credit.revenue, 0) as revenue,
        coalesce(spend_by_model.spend, 0) as spend
    from credit
    full outer join spend_by_model
        on
            credit.business_model = spend_by_model.business_model
            and credit.period_month_date = spend_by_model.period_month_date
            and credit.attribution_model = spend_by_model.attribution_model
            and credit.channel = spend_by_model.channel
            and credit.campaign = spend_by_model.campaign
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
        cast(spend as decimal(18, 2)) as spend,
        {{ ratio('revenue', 'spend') }} as return_on_ad_spend,
        {{ ratio('spend', 'conversions') }} as cost_per_acquisition,
        '{{ var("reporting_currency") }}' as currency
    from joined
)

select * from final
