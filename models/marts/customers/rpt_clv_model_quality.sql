{#- The latest run's CLV model fits: parameters, log-likelihood, convergence and fallbacks. -#}
with

fct_clv_model_fits as (
    select * from {{ ref('fct_clv_model_fits') }}
),

latest as (
    select max(fitted_at) as fitted_at from fct_clv_model_fits
),

final as (
    select
        fct_clv_model_fits.fit_id,
        fct_clv_model_fits.fitted_at,
        fct_clv_model_fits.business_model,
        fct_clv_model_fits.model_name,
        fct_clv_model_fits.fit_scope,
        fct_clv_model_fits.customers,
        fct_clv_model_fits.r,
        fct_clv_model_fits.alpha,
        fct_clv_model_fits.a,
        fct_clv_model_fits.b,
        fct_clv_model_fits.p,
        fct_clv_model_fits.q,
        fct_clv_model_fits.v,
        fct_clv_model_fits.purchase_rate,
        fct_clv_model_fits.dropout_probability,
        fct_clv_model_fits.log_likelihood,
        fct_clv_model_fits.is_converged,
        fct_clv_model_fits.model_limit,
        fct_clv_model_fits.is_usable,
        fct_clv_model_fits.fallback_reason,
        fct_clv_model_fits.calibration_end_date,
        fct_clv_model_fits.observation_end_date
    from fct_clv_model_fits
    inner join latest
        on fct_clv_model_fits.fitted_at = latest.fitted_at
)

select * from final
