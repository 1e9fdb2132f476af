{#- The stage funnel over time (definitions in _journeys__models.yml): per business model,
    cohort (month of the first touch) and entry channel (and all channels together), the
    journeys at each stage, the conversion from the previous stage, and which step loses the
    largest share and which is the slowest. -#}
with

fct_journey_stages as (
    select * from {{ ref('fct_journey_stages') }}
),

fct_journeys as (
    select * from {{ ref('fct_journeys') }}
),

journey_stages as (
    select * from {{ ref('journey_stages') }}
),

journey_cohorts as (
    select
        journey_id,
        business_model,
        cast({{ dbt.date_trunc('month', 'awareness_at') }} as date) as cohort_month_date,
        coalesce(first_touch_channel, '(no touchpoint)') as entry_channel
    from fct_journeys
),

stage_rows as (
    select
        journey_cohorts.business_model,
        journey_cohorts.cohort_month_date,
        journey_cohorts.entry_channel,
        fct_journey_stages.journey_stage,
        fct_journey_stages.days_from_previous_stage
    from fct_journey_stages
    inner join journey_cohorts
        on fct_journey_stages.journey_id = journey_cohorts.journey_id
),

with_all_channels as (
    select * from stage_rows
    union all
    select
        business_model,
        cohort_month_date,
        '(all)' as entry_channel,
        journey_stage,
        days_from_previous_stage
    from stage_rows
),

counted as (
    select
        business_model,
        cohort_month_date,
        entry_channel,
        journey_stage,
        count(*) as journeys_reached,
        {{ percentile('days_from_previous_stage', 0.5) }} as median_days_from_previous_stage
    from with_all_channels
    group by 1, 2, 3, 4
),

cohorts as (
    select distinct
        business_model,
        cohort_month_date,
        entry_channel
    from with_all_channels
),

-- every stage for every cohort, so a stage nobody reached shows 0 journeys
grid as (
    select
        cohorts.business_model,
        cohorts.cohort_month_date,
        cohorts.entry_channel,
        journey_stages.journey_stage,
        journey_stages.stage_label,
        journey_stages.stage_order
    from cohorts
    cross join journey_stages
),

filled as (
    select
        grid.*,
        coalesce(counted.journeys_reached, 0) as journeys_reached,
        counted.median_days_from_previous_stage,
        lag(coalesce(counted.journeys_reached, 0)) over (
            partition by grid.business_model, grid.cohort_month_date, grid.entry_channel
            order by grid.stage_order
        ) as previous_stage_journeys_reached
    from grid
    left join counted
        on
            grid.business_model = counted.business_model
            and grid.cohort_month_date = counted.cohort_month_date
            and grid.entry_channel = counted.entry_channel
            and grid.journey_stage = counted.journey_stage
),

steps as (
    select
        *,
        {{ ratio('journeys_reached', 'previous_stage_journeys_reached') }} as step_conversion_rate,
        coalesce(previous_stage_journeys_reached, journeys_reached)
        >= {{ var('funnel_min_journeys') }} as is_reportable
    from filled
),

ranked as (
    select
        *,
        row_number() over (
            partition by business_model, cohort_month_date, entry_channel
            order by
                case when step_conversion_rate is null then 1 else 0 end,
                step_conversion_rate,
                stage_order
        ) as drop_off_rank,
        row_number() over (
            partition by business_model, cohort_month_date, entry_channel
            order by
                case when median_days_from_previous_stage is null then 1 else 0 end asc,
                median_days_from_previous_stage desc,
                stage_order asc
        ) as slowness_rank
    from steps
),

final as (
    select
        business_model || '|' || cast(cohort_month_date as {{ dbt.type_string() }}) || '|'
        || entry_channel || '|' || journey_stage as cohort_funnel_row_id,
        business_model,
        cohort_month_date,
        entry_channel,
        journey_stage,
        stage_label,
        stage_order,
        journeys_reached,
        previous_stage_journeys_reached,
        step_conversion_rate,
        median_days_from_previous_stage,
        is_reportable,
        drop_off_rank = 1 and step_conversion_rate is not null as is_largest_drop_off_step,
        slowness_rank = 1 and median_days_from_previous_stage is not null as is_slowest_step
    from ranked
)

select * from final
