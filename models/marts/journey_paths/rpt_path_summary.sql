{#- Top paths: one row per business model, month of the path's end, current segment, entry
    channel and transformed channel path (definitions in _journey_paths__models.yml). -#}
{%- set frequency = var('attribution_path_transform') | lower == 'frequency' -%}
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

steps as (
    select
        path_id,
        journey_id,
        business_model,
        is_converting,
        touch_position,
        path_length,
        days_before_path_end,
        occurred_at,
        channel,
        {%- if frequency %}
            channel || ' (' || cast(folded_touch_count as {{ dbt.type_string() }}) || ')'
                as channel_step,
        {%- else %}
            channel as channel_step,
        {%- endif %}
        journey_stage,
        -- the stage path folds a run of one stage into one step
        coalesce(
            lag(journey_stage) over (partition by path_id order by touch_position)
            != journey_stage,
            true
        ) as is_new_stage
    from int_attribution_paths_collected
),

paths as (
    select
        path_id,
        min(journey_id) as journey_id,
        min(business_model) as business_model,
        {{ dbt.bool_or('is_converting') }} as is_converting,
        max(path_length) as path_steps,
        min(case when touch_position = 1 then channel end) as entry_channel,
        {{ dbt.listagg('channel_step', "' > '", 'order by touch_position') }} as channel_path,
        max(occurred_at) as last_touch_at,
        max(days_before_path_end) as days_from_first_touch
    from steps
    group by 1
),

stage_paths as (
    select
        path_id,
        {{ dbt.listagg('journey_stage', "' > '", 'order by touch_position') }} as stage_path
    from steps
    where is_new_stage
    group by 1
),

-- conversions without a touchpoint in their lookback have no path: counted as their own
ended as (
    select
        paths.path_id,
        paths.journey_id,
        paths.business_model,
        paths.is_converting,
        paths.path_steps,
        paths.entry_channel,
        paths.channel_path,
        stage_paths.stage_path,
        cast(coalesce(fct_conversions.converted_at, paths.last_touch_at) as date) as ended_date,
        case when paths.is_converting then paths.days_from_first_touch end as days_to_convert,
        coalesce(fct_conversions.net_revenue, 0) as net_revenue
    from paths
    inner join stage_paths
        on paths.path_id = stage_paths.path_id
    left join fct_conversions
        on paths.path_id = fct_conversions.conversion_id
    union all
    select
        fct_conversions.conversion_id as path_id,
        fct_conversions.journey_id,
        fct_conversions.business_model,
        true as is_converting,
        0 as path_steps,
        '(none)' as entry_channel,
        '(no touchpoint)' as channel_path,
        '(no touchpoint)' as stage_path,
        fct_conversions.converted_date as ended_date,
        cast(null as {{ type_double() }}) as days_to_convert,
        fct_conversions.net_revenue
    from fct_conversions
    left join paths
        on fct_conversions.conversion_id = paths.path_id
    where paths.path_id is null
),

summarized as (
    select
        ended.business_model,
        cast({{ dbt.date_trunc('month', 'ended.ended_date') }} as date) as period_month_date,
        dim_segments.segment,
        ended.entry_channel,
        ended.channel_path,
        min(ended.stage_path) as stage_path,
        min(ended.path_steps) as path_steps,
        count(*) as paths,
        sum(case when ended.is_converting then 1 else 0 end) as conversions,
        sum(ended.net_revenue) as net_revenue,
        {{ percentile('ended.days_to_convert', 0.5) }} as median_days_to_convert
    from ended
    left join dim_segments
        on ended.journey_id = dim_segments.journey_id
    group by 1, 2, 3, 4, 5
),

final as (
    select
        business_model || '|' || cast(period_month_date as {{ dbt.type_string() }}) || '|'
        || segment || '|' || channel_path as path_summary_id,
        business_model,
        period_month_date,
        segment,
        entry_channel,
        channel_path,
        stage_path,
        cast(path_steps as {{ dbt.type_int() }}) as path_steps,
        cast(paths as {{ dbt.type_bigint() }}) as paths,
        cast(conversions as {{ dbt.type_bigint() }}) as conversions,
        cast(paths - conversions as {{ dbt.type_bigint() }}) as non_conversions,
        {{ ratio('conversions', 'paths') }} as conversion_rate,
        cast(net_revenue as decimal(18, 2)) as net_revenue,
        cast(median_days_to_convert as {{ type_double() }}) as median_days_to_convert,
        '{{ var("reporting_currency") }}' as currency
    from summarized
)

select * from final
