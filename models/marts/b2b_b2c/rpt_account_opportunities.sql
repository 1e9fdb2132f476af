{#- The opportunities of each B2B account a reader can open (rpt_account_profiles), newest
    first: status, the CRM stage it got to, the sales cycle, the amount in the reporting
    currency and how much of the buying group it engaged. Deleted in the CRM: left out. -#}
with

fct_b2b_journeys as (
    select * from {{ ref('fct_b2b_journeys') }}
),

stg_crm__opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

final as (
    select
        fct_b2b_journeys.opportunity_id,
        fct_b2b_journeys.account_id,
        fct_b2b_journeys.opportunity_number,
        fct_b2b_journeys.opportunity_status,
        fct_b2b_journeys.furthest_b2b_stage,
        fct_b2b_journeys.opportunity_created_at,
        fct_b2b_journeys.opportunity_closed_at,
        fct_b2b_journeys.sales_cycle_days,
        fct_b2b_journeys.amount,
        fct_b2b_journeys.currency,
        fct_b2b_journeys.people_engaged,
        fct_b2b_journeys.decision_makers_engaged,
        fct_b2b_journeys.buying_group_coverage,
        fct_b2b_journeys.touchpoint_count
    from fct_b2b_journeys
    inner join stg_crm__opportunities
        on fct_b2b_journeys.opportunity_id = stg_crm__opportunities.opportunity_id
    where stg_crm__opportunities.deleted_at is null
)

select * from final
