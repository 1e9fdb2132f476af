{#- The stage funnel of the journeys that started in a window (definitions in
    _journeys__models.yml), as it stood at the window's last day, for the current and the
    previous window of each length: both windows' journeys had the same 0..period_days days
    to progress, so the two funnels compare. -#}
with

fct_journeys as (
    select * from {{ ref('fct_journeys') }}
),

fct_journey_stages as (
    select * from {{ ref('fct_journey_stages') }}
),

journey_stages as (
    select * from {{ ref('journey_stages') }}
),

int_report_windows_spined as (
    select * from {{ ref('int_report_windows_spined') }}
),

window_journeys as (
    select
        windows.period_days,
        windows.period,
        windows.window_start_date,
        windows.window_end_date,
        fct_journeys.journey_id,
        fct_journeys.business_model
    from fct_journeys
    inner join int_report_windows_spined as windows
        on
            cast(fct_journeys.first_touch_at as date) between windows.window_start_date
            and windows.window_end_date
),

started as (
    select
        business_model,
        period_days,
        period,
        min(window_start_date) as window_start_date,
        min(window_end_date) as window_end_date,
        count(*) as journeys_started
    from window_journeys
    group by 1, 2, 3
),

reached as (
    select
        window_journeys.business_model,
        window_journeys.period_days,
        window_journeys.period,
        fct_journey_stages.journey_stage,
        count(*) as journeys_reached
    from window_journeys
    inner join fct_journey_stages
        on
            window_journeys.journey_id = fct_journey_stages.journey_id
            and cast(fct_journey_stages.first_entered_at as date)
            <= window_journeys.window_end_date
    group by 1, 2, 3, 4
),

-- every stage of every window that has journeys, so a stage nobody reached shows 0
grid as (
    select
        started.*,
        journey_stages.journey_stage,
        journey_stages.stage_label,
        journey_stages.stage_order
    from started
    cross join journey_stages
),

filled as (
    select
        grid.*,
        coalesce(reached.journeys_reached, 0) as journeys_reached,
        lag(coalesce(reached.journeys_reached, 0)) over (
            partition by grid.business_model, grid.period_days, grid.period
            order by grid.stage_order
        ) as previous_stage_journeys_reached
    from grid
    left join reached
        on
            grid.business_model = reached.business_model
            and grid.period_days = reached.period_days
            and grid.period = reached.period
            and grid.journey_stage = reached.journey_stage
),

final as (
    select
        business_model || '|' || cast(period_days as {{ dbt.type_string() }}) || '|' || period
        || '|' || journey_stage as funnel_period_row_id,
        business_model,
        period_days,
        period,
        window_start_date,
        window_end_date,
        journey_stage,
        stage_label,
        stage_order,
        journeys_started,
        journeys_reached,
        {{ ratio('journeys_reached', 'journeys_started') }} as share_of_journeys,
        previous_stage_journeys_reached,
        {{ ratio('journeys_reached', 'previous_stage_journeys_reached') }} as step_conversion_rate,
        coalesce(previous_stage_journeys_reached, journeys_reached)
        >= {{ var('funnel_min_journeys') }} as is_reportable
    from filled
)

select * from final
