{#- The "today" of the warehouse, one row. Demo and backfilled data are historical, so recency,
    churn and the cohort calendar are measured against the last date with any conversion or
    touchpoint in the data, never against the current date. -#}
with

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

last_conversion as (
    select max(converted_date) as last_conversion_date
    from fct_conversions
),

last_touchpoint as (
    select max(occurred_date) as last_touchpoint_date
    from fct_touchpoints
),

final as (
    select
        last_conversion.last_conversion_date,
        last_touchpoint.last_touchpoint_date,
        -- greatest() of a null is null on some engines: fall back to the other date
        cast(coalesce(
            greatest(last_conversion.last_conversion_date, last_touchpoint.last_touchpoint_date),
            last_conversion.last_conversion_date,
            last_touchpoint.last_touchpoint_date
        ) as date) as reference_date
    from last_conversion
    cross join last_touchpoint
)

select * from final
