{#- The B2B pipeline along the CRM's sales stages: reach, stage-to-stage conversion, win rate,
    velocity, open pipeline and a probability-weighted forecast (definitions in
    _b2b_b2c__models.yml). -#}
{%- set min_opportunities = var('funnel_min_journeys') -%}
with

fct_opportunity_stage_durations as (
    select * from {{ ref('fct_opportunity_stage_durations') }}
),

stg_crm__opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

int_fx_rates_resolved as (
    select * from {{ ref('int_fx_rates_resolved') }}
),

b2b_stages as (
    select * from {{ ref('b2b_stages') }}
),

pipeline_stages as (
    select
        b2b_stage,
        b2b_stage_order,
        row_number() over (order by b2b_stage_order) as pipeline_step
    from b2b_stages
    where is_sales_stage
),

last_step as (
    select max(pipeline_step) as last_pipeline_step
    from pipeline_stages
),

-- every opportunity with the furthest pipeline step it reached (a won deal passed them all)
opportunities as (
    select
        stg_crm__opportunities.opportunity_id,
        stg_crm__opportunities.opportunity_status,
        stg_crm__opportunities.is_won,
        cast(
            stg_crm__opportunities.amount * int_fx_rates_resolved.to_reporting_rate
            as decimal(18, 2)
        ) as amount,
        case
            when stg_crm__opportunities.is_won then min(last_step.last_pipeline_step)
            else coalesce(max(pipeline_stages.pipeline_step), 0)
        end as furthest_step,
        max(case when durations.is_current_stage then pipeline_stages.pipeline_step end)
            as current_step
    from stg_crm__opportunities
    left join fct_opportunity_stage_durations as durations
        on stg_crm__opportunities.opportunity_id = durations.opportunity_id
    left join pipeline_stages
        on durations.b2b_stage = pipeline_stages.b2b_stage
    left join int_fx_rates_resolved
        on
            stg_crm__opportunities.currency = int_fx_rates_resolved.currency
            and stg_crm__opportunities.rate_date >= int_fx_rates_resolved.valid_from_date
            and stg_crm__opportunities.rate_date < int_fx_rates_resolved.valid_to_date
    cross join last_step
    where stg_crm__opportunities.deleted_at is null  -- deleted in the CRM: not a deal any more
    group by 1, 2, 3, 4
),

per_stage as (
    select
        pipeline_stages.b2b_stage,
        pipeline_stages.pipeline_step,
        count(case when opportunities.furthest_step >= pipeline_stages.pipeline_step then 1 end)
            as opportunities_reached,
        count(
            case
                when
                    opportunities.furthest_step > pipeline_stages.pipeline_step
                    or (
                        opportunities.furthest_step >= pipeline_stages.pipeline_step
                        and opportunities.is_won
                    )
                    then 1
            end
        ) as opportunities_moved_on,
        count(
            case
                when
                    opportunities.furthest_step >= pipeline_stages.pipeline_step
                    and opportunities.opportunity_status in ('won', 'lost') then 1
            end
        ) as opportunities_closed,
        count(
            case
                when
                    opportunities.furthest_step >= pipeline_stages.pipeline_step
                    and opportunities.is_won then 1
            end
        ) as opportunities_won,
        count(
            case
                when
                    opportunities.opportunity_status = 'open'
                    and opportunities.current_step = pipeline_stages.pipeline_step then 1
            end
        ) as open_opportunities,
        sum(
            case
                when
                    opportunities.opportunity_status = 'open'
                    and opportunities.current_step = pipeline_stages.pipeline_step
                    then opportunities.amount
            end
        ) as open_amount
    from pipeline_stages
    cross join opportunities
    group by 1, 2
),

velocity as (
    select
        b2b_stage,
        {{ percentile('days_in_stage', 0.5) }} as median_days_in_stage
    from fct_opportunity_stage_durations
    where is_pipeline_stage and not is_current_stage
    group by 1
),

rated as (
    select
        *,
        {{ ratio('opportunities_won', 'opportunities_closed') }} as win_rate_from_stage
    from per_stage
),

final as (
    select
        per_stage.b2b_stage,
        cast(per_stage.pipeline_step as {{ dbt.type_int() }}) as pipeline_step,
        cast(per_stage.opportunities_reached as {{ dbt.type_bigint() }}) as opportunities_reached,
        cast(per_stage.opportunities_moved_on as {{ dbt.type_bigint() }})
            as opportunities_moved_on,
        {{ ratio('per_stage.opportunities_moved_on', 'per_stage.opportunities_reached') }}
            as stage_conversion_rate,
        cast(per_stage.opportunities_won as {{ dbt.type_bigint() }}) as opportunities_won,
        cast(per_stage.opportunities_closed as {{ dbt.type_bigint() }}) as opportunities_closed,
        per_stage.win_rate_from_stage,
        cast(velocity.median_days_in_stage as {{ type_double() }}) as median_days_in_stage,
        cast(per_stage.open_opportunities as {{ dbt.type_bigint() }}) as open_opportunities,
        cast(coalesce(per_stage.open_amount, 0) as decimal(18, 2)) as open_amount,
        cast(
            coalesce(per_stage.open_amount, 0) * coalesce(per_stage.win_rate_from_stage, 0)
            as decimal(18, 2)
        ) as weighted_forecast,
        per_stage.opportunities_closed >= {{ min_opportunities }} as is_reportable,
        '{{ var("reporting_currency") }}' as currency
    from rated as per_stage
    left join velocity
        on per_stage.b2b_stage = velocity.b2b_stage
)

select * from final
