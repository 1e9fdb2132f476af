{#- Purchase history per journey (B2C person, B2B account) in the shape the BG/NBD and
    Gamma-Gamma models expect, for the whole observation period and for a calibration period
    that ends `clv_holdout_days` before the last conversion date in the data. Purchases on the
    same day count once (their net revenue is summed). -#}
with

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

purchase_days as (
    select
        journey_id,
        business_model,
        converted_date as purchase_date,
        sum(net_revenue) as day_revenue,
        count(*) as conversions
    from fct_conversions
    group by 1, 2, 3
),

bounds as (
    select
        max(purchase_date) as observation_end_date,
        {{ dbt.dateadd('day', -var('clv_holdout_days'), 'max(purchase_date)') }}
            as calibration_end_date
    from purchase_days
),

numbered as (
    select
        purchase_days.*,
        cast(bounds.observation_end_date as date) as observation_end_date,
        cast(bounds.calibration_end_date as date) as calibration_end_date,
        min(purchase_days.purchase_date) over (partition by purchase_days.journey_id)
            as first_purchase_date,
        row_number() over (
            partition by purchase_days.journey_id order by purchase_days.purchase_date
        ) as purchase_number
    from purchase_days
    cross join bounds
),

final as (
    select
        journey_id,
        min(business_model) as business_model,
        min(first_purchase_date) as first_purchase_date,
        max(purchase_date) as last_purchase_date,
        min(observation_end_date) as observation_end_date,
        min(calibration_end_date) as calibration_end_date,
        sum(conversions) as conversion_count,
        sum(day_revenue) as net_revenue,
        -- whole period
        count(*) - 1 as frequency,
        {{ dbt.datediff('min(first_purchase_date)', 'max(purchase_date)', 'day') }} as recency_days,
        {{ dbt.datediff('min(first_purchase_date)', 'min(observation_end_date)', 'day') }}
            as age_days,
        avg(case when purchase_number > 1 then day_revenue end) as repeat_purchase_value,
        -- calibration period (null for journeys that started in the holdout)
        case
            when min(first_purchase_date) <= min(calibration_end_date) then
                count(case when purchase_date <= calibration_end_date then 1 end) - 1
        end as calibration_frequency,
        case
            when min(first_purchase_date) <= min(calibration_end_date) then
            {{ dbt.datediff(
                'min(first_purchase_date)',
                'max(case when purchase_date <= calibration_end_date then purchase_date end)',
                'day'
            ) }}
        end as calibration_recency_days,
        case
            when min(first_purchase_date) <= min(calibration_end_date) then
                {{ dbt.datediff('min(first_purchase_date)', 'min(calibration_end_date)', 'day') }}
        end as calibration_age_days,
        avg(
            case
                when purchase_number > 1 and purchase_date <= calibration_end_date
                    then day_revenue
            end
        ) as calibration_repeat_purchase_value,
        count(case when purchase_date > calibration_end_date then 1 end)
            as holdout_purchases
    from numbered
    group by 1
)

select * from final
