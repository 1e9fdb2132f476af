with

-- one row per day, channel, campaign and business model (a later file replaces a corrected day)
source as (
    select * from {{ source('landing', 'marketing_spend') }}
),

final as (
    select
        cast(spend_date as date) as spend_date,
        channel,
        campaign,
        cast(amount as decimal(18, 2)) as amount,
        currency,
        business_model
    from source
)

select * from final
