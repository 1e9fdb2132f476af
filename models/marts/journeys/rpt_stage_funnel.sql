{#- Stage funnel per business model (definitions in _journeys__models.yml): journeys at each
    stage, conversion from the previous stage, the share that moves on or stops there, re-entry,
    and median / p90 days from the previous stage. Never widens: fct_journey_stages puts a
    journey at every stage up to the furthest it reached. -#}
with

fct_journey_stages as (
    select * from {{ ref('fct_journey_stages') }}
),

journey_stages as (
    select * from {{ ref('journey_stages') }}
),

journeys as (
    select
        business_model,
        count(distinct journey_id) as journey_count
    from fct_journey_stages
    group by 1
),

reached as (
    select
        business_model,
        journey_stage,
        count(*) as journeys_reached,
        count(case when is_reentered then 1 end) as journeys_reentered,
        count(case when next_stage is not null then 1 end) as journeys_progressed,
        {{ percentile('days_from_previous_stage', 0.5) }} as median_days_from_previous_stage,
        {{ percentile('days_from_previous_stage', 0.9) }} as p90_days_from_previous_stage
    from fct_journey_stages
    group by 1, 2
),

grid as (
    select
        journeys.business_model,
        journeys.journey_count,
        journey_stages.journey_stage,
        journey_stages.stage_order,
        journey_stages.stage_label
    from journeys
    cross join journey_stages
),

funnel as (
    select
        grid.business_model || '|' || grid.journey_stage as funnel_row_id,
        grid.business_model,
        grid.journey_stage,
        grid.stage_label,
        grid.stage_order,
        grid.journey_count,
        coalesce(reached.journeys_reached, 0) as journeys_reached,
        {{ ratio('coalesce(reached.journeys_reached, 0)', 'grid.journey_count') }}
            as share_of_journeys,
        lag(coalesce(reached.journeys_reached, 0)) over (
            partition by grid.business_model order by grid.stage_order
        ) as previous_stage_journeys_reached,
        coalesce(reached.journeys_progressed, 0) as journeys_progressed,
        -- share of the journeys in this stage that went on to any later stage
        {{ ratio('reached.journeys_progressed', 'reached.journeys_reached') }} as progression_rate,
        1 - {{ ratio('reached.journeys_progressed', 'reached.journeys_reached') }}
            as drop_off_rate,
        {{ ratio('coalesce(reached.journeys_reentered, 0)', 'reached.journeys_reached') }}
            as reentry_rate,
        reached.median_days_from_previous_stage,
        reached.p90_days_from_previous_stage
    from grid
    left join reached
        on
            grid.business_model = reached.business_model
            and grid.journey_stage = reached.journey_stage
),

-- stage-to-stage conversion, as product-analytics funnels show it
final as (
    select
        *,
        {{ ratio('journeys_reached', 'previous_stage_journeys_reached') }} as step_conversion_rate
    from funnel
)

select * from final
