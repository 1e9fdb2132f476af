with

-- the loader keeps one row per currency and rate_date (a later file replaces a corrected rate)
source as (
    select * from {{ source('landing', 'fx_rates') }}
),

final as (
    select
        currency,
        cast(rate_date as date) as rate_date,
        cast(units_per_eur as decimal(18, 6)) as units_per_eur
    from source
)

select * from final
