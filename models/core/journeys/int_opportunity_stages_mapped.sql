{#- CRM stage history of B2B opportunities, rolled up to the five journey stages. -#}
with

stg_crm__opportunity_stages as (
    select * from {{ ref('stg_crm__opportunity_stages') }}
),

stg_crm__opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

b2b_stages as (
    select * from {{ ref('b2b_stages') }}
),

final as (
    select
        stg_crm__opportunity_stages.stage_change_id,
        stg_crm__opportunity_stages.opportunity_id,
        stg_crm__opportunities.account_id,
        'b2b:' || stg_crm__opportunities.account_id as journey_id,
        stg_crm__opportunity_stages.b2b_stage,
        b2b_stages.b2b_stage_order,
        b2b_stages.journey_stage,
        stg_crm__opportunity_stages.entered_at
    from stg_crm__opportunity_stages
    inner join stg_crm__opportunities
        on stg_crm__opportunity_stages.opportunity_id = stg_crm__opportunities.opportunity_id
    inner join b2b_stages
        on stg_crm__opportunity_stages.b2b_stage = b2b_stages.b2b_stage
)

select * from final
