{#- Return on ad spend and cost per acquisition per attribution model x channel x campaign, for
    the conversions of the last `roas_window_days` and of the same span before, against the
    spend of the days their credited touches could lie on (definitions in
    _marketing__models.yml). -#}
{%- set window_days = var('roas_window_days') -%}
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

int_reference_dates_computed as (
    select * from {{ ref('int_reference_dates_computed') }}
),

reporting_windows as (
    select
        'current' as reporting_window,
        cast({{ dbt.dateadd('day', 1 - window_days, 'reference_date') }} as date)
            as window_start_date,
        reference_date as window_end_date
    from int_reference_dates_computed
    union all
    select
        'previous' as reporting_window,
        cast({{ dbt.dateadd('day', 1 - 2 * window_days, 'reference_date') }} as date)
            as window_start_date,
        cast({{ dbt.dateadd('day', -window_days, 'reference_date') }} as date)
            as window_end_date
    from int_reference_dates_computed
),

credited as (
    select
        fct_attribution_weights.business_model,
        reporting_windows.reporting_window,
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
    inner join reporting_windows
        on
            cast(fct_attribution_weights.converted_at as date)
            between reporting_windows.window_start_date and reporting_windows.window_end_date
    left join fct_touchpoints
        on fct_attribution_weights.event_id = fct_touchpoints.event_id
),

credit as (
    select
        business_model,
        reporting_window,
        attribution_model,
        channel,
        campaign,
        sum(weight) as conversions,
        sum(revenue_credit) as revenue
    from credited
    group by 1, 2, 3, 4, 5
),

-- the credited touches of a window's conversions lie in the window or up to one attribution
-- lookback before it: that is the spend they can return; always-on budgets meet the touches
-- without a campaign
spend as (
    select
        int_marketing_spend_converted.business_model,
        reporting_windows.reporting_window,
        int_marketing_spend_converted.channel,
        case
            when
                int_marketing_spend_converted.campaign
                = int_marketing_spend_converted.channel || '_always_on'
                then '(none)'
            else int_marketing_spend_converted.campaign
        end as campaign,
        sum(int_marketing_spend_converted.spend) as spend
    from int_marketing_spend_converted
    inner join reporting_windows
        on
            int_marketing_spend_converted.spend_date <= reporting_windows.window_end_date
            and int_marketing_spend_converted.spend_date >= {{ dbt.dateadd(
                'day',
                '-(' ~ attribution_lookback_days('int_marketing_spend_converted.business_model')
                ~ ')',
                'reporting_windows.window_start_date'
            ) }}
    group by 1, 2, 3, 4
),

attribution_models as (
    select distinct attribution_model
    from fct_attribution_weights
),

-- spend is not attributed, credit is: every model's row carries the same spend
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
        coalesce(credit.reporting_window, spend_by_model.reporting_window) as reporting_window,
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
            and credit.reporting_window = spend_by_model.reporting_window
            and credit.attribution_model = spend_by_model.attribution_model
            and credit.channel = spend_by_model.channel
            and credit.campaign = spend_by_model.campaign
),

final as (
    select
        joined.business_model || '|' || joined.reporting_window || '|'
        || joined.attribution_model || '|' || joined.channel || '|' || joined.campaign
            as report_row_id,
        joined.business_model,
        joined.reporting_window,
        reporting_windows.window_start_date,
        reporting_windows.window_end_date,
        cast({{ dbt.dateadd(
            'day',
            '-(' ~ attribution_lookback_days('joined.business_model') ~ ')',
            'reporting_windows.window_start_date'
        ) }} as date) as spend_start_date,
        joined.attribution_model,
        joined.channel,
        joined.campaign,
        cast(joined.conversions as {{ type_double() }}) as conversions,
        cast(joined.revenue as decimal(18, 2)) as revenue,
        cast(joined.spend as decimal(18, 2)) as spend,
        {{ ratio('joined.revenue', 'joined.spend') }} as return_on_ad_spend,
        {{ ratio('joined.spend', 'joined.conversions') }} as cost_per_acquisition,
        cast({{ var('roas_min_conversions') }} as {{ type_double() }})
            as min_reportable_conversions,
        '{{ var("reporting_currency") }}' as currency
    from joined
    inner join reporting_windows
        on joined.reporting_window = reporting_windows.reporting_window
)

select * from final
