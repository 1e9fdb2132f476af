{#- One row per journey and stage reached: first and last entry, how often the journey
    (re-)entered it, and the days since it first entered the previous stage it reached.
    Stage signals come from touchpoints, conversions and (B2B) the CRM stage history.
    Incremental by journey: a build re-derives the journeys that changed (int_journeys_rederived)
    whole. -#}
-- depends_on: {{ ref('int_journeys_rederived') }}
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        post_hook="{{ delete_superseded_journey_rows() }}",
    )
}}

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

sequenced as (
    select
        signals.*,
        journey_stages.stage_order,
        lag(signals.journey_stage) over (
            partition by signals.journey_id order by signals.signal_at, signals.signal_id
        ) as previous_signal_stage
    from signals
    inner join journey_stages
        on signals.journey_stage = journey_stages.journey_stage
),

per_stage as (
    select
        journey_id,
        min(business_model) as business_model,
        journey_stage,
        min(stage_order) as stage_order,
        min(signal_at) as first_entered_at,
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

with_previous as (
    select
        *,
        lag(journey_stage) over (partition by journey_id order by stage_order)
            as previous_stage,
        lag(first_entered_at) over (partition by journey_id order by stage_order)
            as previous_stage_entered_at,
        lead(journey_stage) over (partition by journey_id order by stage_order) as next_stage
    from per_stage
),

final as (
    select
        journey_id || '|' || journey_stage as journey_stage_id,
        journey_id,
        business_model,
        journey_stage,
        stage_order,
        first_entered_at,
        last_signal_at,
        entry_count,
        entry_count > 1 as is_reentered,
        signal_count,
        previous_stage,
        next_stage,
        -- a stage signalled before the previous one (e.g. a purchase with no tracked
        -- awareness touch) counts as reached at once
        greatest(
            {{ dbt.datediff('previous_stage_entered_at', 'first_entered_at', 'second') }} / 86400.0,
            0
        ) as days_from_previous_stage,
        cast('{{ run_started_at }}' as {{ dbt.type_timestamp() }}) as derived_at
    from with_previous
)

select * from final
