{#- One row per CRM opportunity and stage it entered, with how long it stayed there
    (definitions in _b2b_b2c__models.yml). -#}
with

int_opportunity_stages_mapped as (
    select * from {{ ref('int_opportunity_stages_mapped') }}
),

stg_crm__opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

b2b_stages as (
    select * from {{ ref('b2b_stages') }}
),

int_reference_dates_computed as (
    select * from {{ ref('int_reference_dates_computed') }}
),

entries as (
    select
        int_opportunity_stages_mapped.stage_change_id,
        int_opportunity_stages_mapped.opportunity_id,
        int_opportunity_stages_mapped.account_id,
        int_opportunity_stages_mapped.b2b_stage,
        int_opportunity_stages_mapped.b2b_stage_order,
        int_opportunity_stages_mapped.journey_stage,
        b2b_stages.is_terminal,
        b2b_stages.is_sales_stage,
        int_opportunity_stages_mapped.entered_at,
        lead(int_opportunity_stages_mapped.entered_at) over (
            partition by int_opportunity_stages_mapped.opportunity_id
            order by
                int_opportunity_stages_mapped.entered_at,
                int_opportunity_stages_mapped.b2b_stage_order
        ) as left_at,
        lead(int_opportunity_stages_mapped.b2b_stage) over (
            partition by int_opportunity_stages_mapped.opportunity_id
            order by
                int_opportunity_stages_mapped.entered_at,
                int_opportunity_stages_mapped.b2b_stage_order
        ) as next_b2b_stage
    from int_opportunity_stages_mapped
    inner join b2b_stages
        on int_opportunity_stages_mapped.b2b_stage = b2b_stages.b2b_stage
),

final as (
    select
        entries.stage_change_id,
        entries.opportunity_id,
        entries.account_id,
        entries.b2b_stage,
        entries.b2b_stage_order,
        entries.journey_stage,
        entries.b2b_stage in ('closed_won', 'closed_lost') as is_outcome_stage,
        entries.is_sales_stage as is_pipeline_stage,
        entries.entered_at,
        entries.left_at,
        entries.next_b2b_stage,
        entries.left_at is null and not entries.is_terminal as is_current_stage,
        -- an open stay is measured up to the reference date; an outcome has no duration
        case
            when entries.is_terminal or entries.b2b_stage = 'closed_won' then null
            else greatest(
                {{ days_between(
                    'entries.entered_at',
                    'coalesce(entries.left_at, cast(int_reference_dates_computed.reference_date as '
                    ~ dbt.type_timestamp() ~ '))'
                ) }},
                0
            )
        end as days_in_stage,
        stg_crm__opportunities.opportunity_status
    from entries
    inner join stg_crm__opportunities
        on entries.opportunity_id = stg_crm__opportunities.opportunity_id
    cross join int_reference_dates_computed
)

select * from final
