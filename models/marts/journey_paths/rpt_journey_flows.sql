{#- Journey flows for a Sankey: step n -> step n + 1 of the transformed paths, by channel and
    by stage, with the outcome (conversion or drop-off) as the last target (definitions in
    _journey_paths__models.yml). -#}
{%- set max_steps = var('journey_flow_max_steps') | int -%}
with

int_attribution_paths_collected as (
    select * from {{ ref('int_attribution_paths_collected') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

path_ends as (
    select
        path_id,
        min(journey_id) as journey_id,
        min(business_model) as business_model,
        {{ dbt.bool_or('is_converting') }} as is_converting,
        max(occurred_at) as last_touch_at,
        min(case when touch_position = 1 then channel end) as entry_channel
    from int_attribution_paths_collected
    group by 1
),

-- one step per position; by stage, a run of one stage is one step
stage_steps as (
    select
        path_id,
        touch_position,
        journey_stage as step_value
    from (
        select
            path_id,
            touch_position,
            journey_stage,
            lag(journey_stage) over (partition by path_id order by touch_position)
                as previous_stage
        from int_attribution_paths_collected
    ) as staged
    where previous_stage is null or previous_stage != journey_stage
),

steps as (
    select
        'channel' as flow_dimension,
        path_id,
        touch_position as step_number,
        channel as step_value
    from int_attribution_paths_collected
    union all
    select
        'stage' as flow_dimension,
        path_id,
        row_number() over (partition by path_id order by touch_position) as step_number,
        step_value
    from stage_steps
),

-- the first `journey_flow_max_steps` steps; longer paths go from their last shown step to
-- their outcome
numbered as (
    select
        flow_dimension,
        path_id,
        step_number,
        step_value,
        lead(step_value) over (partition by flow_dimension, path_id order by step_number)
            as next_value
    from steps
    where step_number <= {{ max_steps }}
),

edges as (
    select
        numbered.flow_dimension,
        numbered.path_id,
        numbered.step_number as source_step,
        cast(numbered.step_number as {{ dbt.type_string() }}) || '. ' || numbered.step_value
            as source_node,
        case
            when numbered.next_value is not null
                then
                    cast(numbered.step_number + 1 as {{ dbt.type_string() }}) || '. '
                    || numbered.next_value
            when path_ends.is_converting then 'conversion'
            else 'drop-off'
        end as target_node,
        case
            when numbered.next_value is not null then 'step'
            when path_ends.is_converting then 'conversion'
            else 'drop-off'
        end as target_kind
    from numbered
    inner join path_ends
        on numbered.path_id = path_ends.path_id
),

sliced as (
    select
        edges.flow_dimension,
        path_ends.business_model,
        cast({{ dbt.date_trunc(
            'month', 'coalesce(fct_conversions.converted_at, path_ends.last_touch_at)'
        ) }} as date) as period_month_date,
        dim_segments.segment,
        path_ends.entry_channel,
        edges.source_step,
        edges.source_node,
        edges.target_node,
        edges.target_kind
    from edges
    inner join path_ends
        on edges.path_id = path_ends.path_id
    left join fct_conversions
        on edges.path_id = fct_conversions.conversion_id
    left join dim_segments
        on path_ends.journey_id = dim_segments.journey_id
),

final as (
    select
        flow_dimension || '|' || business_model || '|'
        || cast(period_month_date as {{ dbt.type_string() }}) || '|' || segment || '|'
        || entry_channel || '|' || source_node || '|' || target_node as journey_flow_id,
        flow_dimension,
        business_model,
        period_month_date,
        segment,
        entry_channel,
        cast(source_step as {{ dbt.type_int() }}) as source_step,
        source_node,
        target_node,
        target_kind,
        cast(count(*) as {{ dbt.type_bigint() }}) as paths
    from sliced
    group by 2, 3, 4, 5, 6, 7, 8, 9, 10
)

select * from final
