{#- Every model's campaign credit adds up to all conversions of the business model and month
    (to 1e-6: the credit of a conversion is split over its touches). -#}
with

credit as (
    select
        business_model,
        period_month_date,
        attribution_model,
        sum(conversions) as conversions
    from {{ ref('rpt_attribution_by_campaign') }}
    group by 1, 2, 3
),

conversions as (
    select
        business_model,
        cast({{ dbt.date_trunc('month', 'converted_at') }} as date) as period_month_date,
        count(*) as conversions
    from {{ ref('fct_conversions') }}
    group by 1, 2
)

select
    conversions.*,
    models.attribution_model,
    credit.conversions as credited
from conversions
cross join (select distinct attribution_model from credit) as models
left join credit
    on
        conversions.business_model = credit.business_model
        and conversions.period_month_date = credit.period_month_date
        and models.attribution_model = credit.attribution_model
where abs(coalesce(credit.conversions, 0) - conversions.conversions) > 1e-6
