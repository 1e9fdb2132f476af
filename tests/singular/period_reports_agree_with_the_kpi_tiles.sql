{#- What a reader compares by eye across pages: per business model and window length, the
    current window's conversions tile equals the conversions in fct_conversions and the
    conversions every attribution model credits, and the journeys-started tile equals the
    journeys of the period funnel. -#}
with

tiles as (
    select
        business_model,
        period_days,
        metric,
        current_value
    from {{ ref('rpt_kpi_trends') }}
    where is_latest
),

windows as (
    select * from {{ ref('int_report_windows_spined') }}
    where period = 'current'
),

conversions as (
    select
        fct_conversions.business_model,
        windows.period_days,
        count(*) as conversions
    from {{ ref('fct_conversions') }} as fct_conversions
    inner join windows
        on
            fct_conversions.converted_date between windows.window_start_date
            and windows.window_end_date
    group by 1, 2
),

credited as (
    select
        business_model,
        period_days,
        attribution_model,
        sum(credited_conversions) as conversions
    from {{ ref('rpt_attribution_by_period') }}
    where period = 'current'
    group by 1, 2, 3
),

funnel_starts as (
    select distinct
        business_model,
        period_days,
        journeys_started
    from {{ ref('rpt_stage_funnel_by_period') }}
    where period = 'current'
),

mismatches as (
    select
        tiles.business_model,
        tiles.period_days,
        'conversions tile vs fct_conversions' as comparison,
        tiles.current_value as tile_value,
        coalesce(conversions.conversions, 0) as other_value
    from tiles
    left join conversions
        on
            tiles.business_model = conversions.business_model
            and tiles.period_days = conversions.period_days
    where tiles.metric = 'conversions'

    union all

    select
        tiles.business_model,
        tiles.period_days,
        'conversions tile vs ' || credited.attribution_model || ' credit' as comparison,
        tiles.current_value as tile_value,
        credited.conversions as other_value
    from tiles
    inner join credited
        on
            tiles.business_model = credited.business_model
            and tiles.period_days = credited.period_days
    where tiles.metric = 'conversions'

    union all

    select
        tiles.business_model,
        tiles.period_days,
        'journeys tile vs period funnel' as comparison,
        tiles.current_value as tile_value,
        coalesce(funnel_starts.journeys_started, 0) as other_value
    from tiles
    left join funnel_starts
        on
            tiles.business_model = funnel_starts.business_model
            and tiles.period_days = funnel_starts.period_days
    where tiles.metric = 'journeys_started'
)

select * from mismatches
where abs(tile_value - other_value) > 1e-6
