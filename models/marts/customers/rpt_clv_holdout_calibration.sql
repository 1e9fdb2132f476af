{#- Predicted vs actual purchases in the holdout period, overall and by the number of repeat
    purchases in the calibration period (0 ... 6, 7+). -#}
with

fct_clv_holdout_predictions as (
    select * from {{ ref('fct_clv_holdout_predictions') }}
),

bucketed as (
    select
        *,
        case
            when calibration_frequency >= 7 then '7+'
            else cast(calibration_frequency as {{ dbt.type_string() }})
        end as calibration_frequency_bucket
    from fct_clv_holdout_predictions
),

by_bucket as (
    select
        business_model,
        calibration_frequency_bucket,
        count(*) as customers,
        cast(sum(actual_holdout_purchases) as {{ dbt.type_bigint() }}) as actual_holdout_purchases,
        sum(predicted_holdout_purchases) as predicted_holdout_purchases,
        max(holdout_days) as holdout_days,
        min(prediction_method) as prediction_method
    from bucketed
    group by 1, 2

    union all

    select
        business_model,
        'overall' as calibration_frequency_bucket,
        count(*) as customers,
        cast(sum(actual_holdout_purchases) as {{ dbt.type_bigint() }}) as actual_holdout_purchases,
        sum(predicted_holdout_purchases) as predicted_holdout_purchases,
        max(holdout_days) as holdout_days,
        min(prediction_method) as prediction_method
    from bucketed
    group by 1, 2
),

final as (
    select
        business_model || '|' || calibration_frequency_bucket as calibration_row_id,
        business_model,
        calibration_frequency_bucket,
        customers,
        actual_holdout_purchases,
        predicted_holdout_purchases,
        {{ ratio('actual_holdout_purchases', 'customers') }} as mean_actual,
        predicted_holdout_purchases / customers as mean_predicted,
        (predicted_holdout_purchases - actual_holdout_purchases)
        / nullif(actual_holdout_purchases, 0) as relative_error,
        holdout_days,
        prediction_method
    from by_bucket
)

select * from final
