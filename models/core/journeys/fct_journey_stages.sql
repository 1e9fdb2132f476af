{#- One row per journey and stage it reached, with time in it (docs: `fct_journey_stages` in
    _journeys__models.yml). Stage signals come from touchpoints, conversions and (B2B) the CRM
    stage history; a signal of a stage that requires a conversion (seed `journey_stages`)
    counts only from the journey's first conversion on. A journey is at stage k from the first
    moment it shows a signal of stage k or later, so the funnel never widens and time to a
    stage is never negative. Incremental by journey: a build re-derives the journeys that
    changed (int_journeys_rederived) whole. -#}
{{ journey_scoped_incremental() }}

with

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

int_opportunity_stages_mapped as (
    select * from {{ ref('int_opportunity_stages_mapped') }}
),

journey_stages as (
    select * from {{ ref('journey_stages') }}
),

signals as (
    select
        journey_id,
        business_model,
        journey_stage,
        occurred_at as signal_at,
        event_id as signal_id
    from fct_touchpoints
    where {{ in_rederived_journeys() }}
    union all
    select
        journey_id,
        business_model,
        'conversion' as journey_stage,
        converted_at as signal_at,
        conversion_id as signal_id
    from fct_conversions
    where {{ in_rederived_journeys() }}
    union all
    select
        journey_id,
        'b2b' as business_model,
        journey_stage,
        entered_at as signal_at,
        stage_change_id as signal_id
    from int_opportunity_stages_mapped
    where {{ in_rederived_journeys() }}
),

first_conversions as (
    select
        journey_id,
        min(signal_at) as first_converted_at
    from signals
    where journey_stage = 'conversion'
    group by 1
),

-- retention and advocacy before the first conversion are engagement of a prospect, not stages
valid_signals as (
    select
        signals.*,
        journey_stages.stage_order
    from signals
    inner join journey_stages
        on signals.journey_stage = journey_stages.journey_stage
    left join first_conversions
        on signals.journey_id = first_conversions.journey_id
    where
        not journey_stages.requires_conversion
        or signals.signal_at >= first_conversions.first_converted_at
),

sequenced as (
    select
        valid_signals.*,
        lag(valid_signals.journey_stage) over (
            partition by valid_signals.journey_id
            order by valid_signals.signal_at, valid_signals.signal_id
        ) as previous_signal_stage
    from valid_signals
),

per_stage as (
    select
        journey_id,
        min(business_model) as business_model,
        journey_stage,
        min(stage_order) as stage_order,
        min(signal_at) as first_signal_at,
        max(signal_at) as last_signal_at,
        count(
            case
                when previous_signal_stage is null or previous_signal_stage != journey_stage
                    then 1
            end
        ) as entry_count,
        count(*) as signal_count
    from sequenced
    group by 1, 3
),

furthest as (
    select
        journey_id,
        min(business_model) as business_model,
        max(stage_order) as furthest_stage_order
    from per_stage
    group by 1
),

-- every stage up to the furthest one: a skipped stage is passed when a later one is reached
spine as (
    select
        furthest.journey_id,
        furthest.business_model,
        journey_stages.journey_stage,
        journey_stages.stage_order,
        per_stage.first_signal_at,
        per_stage.last_signal_at,
        coalesce(per_stage.entry_count, 0) as entry_count,
        coalesce(per_stage.signal_count, 0) as signal_count
    from furthest
    inner join journey_stages
        on furthest.furthest_stage_order >= journey_stages.stage_order
    left join per_stage
        on
            furthest.journey_id = per_stage.journey_id
            and journey_stages.journey_stage = per_stage.journey_stage
),

reached as (
    select
        *,
        min(first_signal_at) over (
            partition by journey_id
            order by stage_order desc
            rows between unbounded preceding and current row
        ) as first_entered_at
    from spine
),

with_previous as (
    select
        *,
        lag(journey_stage) over (partition by journey_id order by stage_order)
            as previous_stage,
        lag(first_entered_at) over (partition by journey_id order by stage_order)
            as previous_stage_entered_at,
        lead(journey_stage) over (partition by journey_id order by stage_order) as next_stage
    from reached
),

final as (
    select
        journey_id || '|' || journey_stage as journey_stage_id,
        journey_id,
        business_model,
        journey_stage,
        stage_order,
        first_entered_at,
        first_signal_at,
        last_signal_at,
        first_signal_at is null or first_signal_at > first_entered_at as is_passed_through,
        entry_count,
        entry_count > 1 as is_reentered,
        signal_count,
        previous_stage,
        next_stage,
        {{ days_between('previous_stage_entered_at', 'first_entered_at') }}
            as days_from_previous_stage,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from with_previous
)

select * from final
