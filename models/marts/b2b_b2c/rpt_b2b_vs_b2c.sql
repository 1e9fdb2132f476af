{#- B2B and B2C side by side, per business model and current segment ('all' = every segment).
    Cycle length: B2C = days from first touch to first conversion (converted journeys);
    B2B = days from opportunity creation to close (won opportunities). Touchpoints to convert:
    B2C = touchpoints up to the first conversion; B2B = touchpoints credited to won
    opportunities. Stage rates: reach rate = share of journeys that reached the stage,
    progression rate = share of those that went on to a later stage (rpt_stage_funnel's
    definitions, over fct_journey_stages per segment). CLV from
    fct_customer_lifetime_values (converted journeys). Repeat share = converted journeys with
    at least 2 conversions / converted journeys. Logo retention after 1 period = customers
    active in the period after their acquisition period / customers observed there, on the
    business model's cohort grain (fct_customer_periods). -#}
{%- set stages = journey_stages() -%}
with

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

fct_b2c_journeys as (
    select * from {{ ref('fct_b2c_journeys') }}
),

fct_b2b_journeys as (
    select * from {{ ref('fct_b2b_journeys') }}
),

fct_journey_stages as (
    select * from {{ ref('fct_journey_stages') }}
),

fct_customer_lifetime_values as (
    select * from {{ ref('fct_customer_lifetime_values') }}
),

fct_customer_periods as (
    select * from {{ ref('fct_customer_periods') }}
),

journeys as (
    select
        business_model,
        segment,
        journey_id,
        is_converted,
        conversion_count
    from dim_segments
    union all
    select
        business_model,
        'all' as segment,
        journey_id,
        is_converted,
        conversion_count
    from dim_segments
),

journey_summary as (
    select
        business_model,
        segment,
        count(*) as journeys,
        sum(case when is_converted then 1 else 0 end) as converted_journeys,
        sum(case when conversion_count >= 2 then 1 else 0 end) as repeat_journeys
    from journeys
    group by 1, 2
),

cycles as (
    select
        'b2c' as business_model,
        segment,
        days_to_first_conversion as cycle_days,
        touchpoints_to_first_conversion as touchpoints_to_convert
    from fct_b2c_journeys
    where is_converted
    union all
    select
        'b2b' as business_model,
        segment,
        sales_cycle_days as cycle_days,
        touchpoint_count as touchpoints_to_convert
    from fct_b2b_journeys
    where is_won
),

cycles_all as (
    select * from cycles
    union all
    select
        business_model,
        'all' as segment,
        cycle_days,
        touchpoints_to_convert
    from cycles
),

cycle_summary as (
    select
        business_model,
        segment,
        avg(cycle_days) as avg_cycle_days,
        {{ percentile('cycle_days', 0.5) }} as median_cycle_days,
        avg(touchpoints_to_convert) as avg_touchpoints_to_convert,
        {{ percentile('touchpoints_to_convert', 0.5) }} as median_touchpoints_to_convert
    from cycles_all
    group by 1, 2
),

opportunities as (
    select
        segment,
        is_closed,
        is_won,
        buying_group_size,
        people_engaged,
        decision_makers_engaged,
        buying_group_coverage,
        decision_maker_coverage
    from fct_b2b_journeys
    where has_opportunity
    union all
    select
        'all' as segment,
        is_closed,
        is_won,
        buying_group_size,
        people_engaged,
        decision_makers_engaged,
        buying_group_coverage,
        decision_maker_coverage
    from fct_b2b_journeys
    where has_opportunity
),

opportunity_summary as (
    select
        'b2b' as business_model,
        segment,
        count(*) as opportunities,
        {{ ratio(
            'sum(case when is_won then 1 else 0 end)',
            'sum(case when is_closed then 1 else 0 end)'
        ) }} as opportunity_win_rate,
        avg(cast(buying_group_size as {{ type_double() }})) as avg_buying_group_size,
        avg(cast(people_engaged as {{ type_double() }})) as avg_people_engaged,
        avg(cast(decision_makers_engaged as {{ type_double() }})) as avg_decision_makers_engaged,
        avg(buying_group_coverage) as avg_buying_group_coverage,
        avg(decision_maker_coverage) as avg_decision_maker_coverage
    from opportunities
    group by 1, 2
),

lifetime_values as (
    select
        fct_customer_lifetime_values.business_model,
        dim_segments.segment,
        fct_customer_lifetime_values.historical_clv,
        fct_customer_lifetime_values.predicted_clv
    from fct_customer_lifetime_values
    inner join dim_segments
        on fct_customer_lifetime_values.journey_id = dim_segments.journey_id
),

lifetime_values_all as (
    select * from lifetime_values
    union all
    select
        business_model,
        'all' as segment,
        historical_clv,
        predicted_clv
    from lifetime_values
),

clv_summary as (
    select
        business_model,
        segment,
        avg(historical_clv) as avg_historical_clv,
        {{ percentile('historical_clv', 0.5) }} as median_historical_clv,
        avg(predicted_clv) as avg_predicted_clv,
        {{ percentile('predicted_clv', 0.5) }} as median_predicted_clv
    from lifetime_values_all
    group by 1, 2
),

stage_rows as (
    select
        fct_journey_stages.business_model,
        dim_segments.segment,
        fct_journey_stages.journey_id,
        fct_journey_stages.journey_stage,
        fct_journey_stages.next_stage
    from fct_journey_stages
    inner join dim_segments
        on fct_journey_stages.journey_id = dim_segments.journey_id
    union all
    select
        business_model,
        'all' as segment,
        journey_id,
        journey_stage,
        next_stage
    from fct_journey_stages
),

segment_stage_counts as (
    select
        business_model,
        segment,
        journey_stage,
        count(*) as journeys_reached,
        sum(case when next_stage is not null then 1 else 0 end) as journeys_progressed
    from stage_rows
    group by 1, 2, 3
),

segment_stage_journeys as (
    select
        business_model,
        segment,
        count(distinct journey_id) as journey_count
    from stage_rows
    group by 1, 2
),

stage_rates as (
    select
        segment_stage_counts.business_model,
        segment_stage_counts.segment,
        segment_stage_counts.journey_stage,
        {{ ratio(
            'segment_stage_counts.journeys_reached', 'segment_stage_journeys.journey_count'
        ) }} as reach_rate,
        {{ ratio(
            'segment_stage_counts.journeys_progressed', 'segment_stage_counts.journeys_reached'
        ) }} as progression_rate
    from segment_stage_counts
    inner join segment_stage_journeys
        on
            segment_stage_counts.business_model = segment_stage_journeys.business_model
            and segment_stage_counts.segment = segment_stage_journeys.segment
),

stage_summary as (
    select
        business_model,
        segment,
        {% for stage in stages -%}
            coalesce(max(case when journey_stage = '{{ stage }}' then reach_rate end), 0)
                as {{ stage }}_reach_rate,
        {% endfor -%}
        {% for stage in stages[:-1] -%}
            max(case when journey_stage = '{{ stage }}' then progression_rate end)
                as {{ stage }}_progression_rate{% if not loop.last %},{% endif %}
        {% endfor %}
    from stage_rates
    group by 1, 2
),

retention_rows as (
    select
        business_model,
        current_segment as segment,
        is_active
    from fct_customer_periods
    where period_offset = 1
    union all
    select
        business_model,
        'all' as segment,
        is_active
    from fct_customer_periods
    where period_offset = 1
),

retention_summary as (
    select
        business_model,
        segment,
        {{ ratio('sum(case when is_active then 1 else 0 end)', 'count(*)') }}
            as logo_retention_after_1_period
    from retention_rows
    group by 1, 2
),

final as (
    select
        journey_summary.business_model || '|' || journey_summary.segment as comparison_id,
        journey_summary.business_model,
        journey_summary.segment,
        cast(journey_summary.journeys as {{ dbt.type_bigint() }}) as journeys,
        cast(journey_summary.converted_journeys as {{ dbt.type_bigint() }}) as converted_journeys,
        {{ ratio('journey_summary.converted_journeys', 'journey_summary.journeys') }}
            as conversion_rate,
        cast(cycle_summary.avg_cycle_days as {{ type_double() }}) as avg_cycle_days,
        cast(cycle_summary.median_cycle_days as {{ type_double() }}) as median_cycle_days,
        cast(cycle_summary.avg_touchpoints_to_convert as {{ type_double() }})
            as avg_touchpoints_to_convert,
        cast(cycle_summary.median_touchpoints_to_convert as {{ type_double() }})
            as median_touchpoints_to_convert,
        {% for stage in stages -%}
            cast(stage_summary.{{ stage }}_reach_rate as {{ type_double() }})
                as {{ stage }}_reach_rate,
        {% endfor -%}
        {% for stage in stages[:-1] -%}
            cast(stage_summary.{{ stage }}_progression_rate as {{ type_double() }})
                as {{ stage }}_progression_rate,
        {% endfor -%}
        cast(clv_summary.avg_historical_clv as {{ type_double() }}) as avg_historical_clv,
        cast(clv_summary.median_historical_clv as {{ type_double() }}) as median_historical_clv,
        cast(clv_summary.avg_predicted_clv as {{ type_double() }}) as avg_predicted_clv,
        cast(clv_summary.median_predicted_clv as {{ type_double() }}) as median_predicted_clv,
        {{ ratio('journey_summary.repeat_journeys', 'journey_summary.converted_journeys') }}
            as repeat_conversion_share,
        retention_summary.logo_retention_after_1_period,
        cast(opportunity_summary.opportunities as {{ dbt.type_bigint() }}) as opportunities,
        opportunity_summary.opportunity_win_rate,
        opportunity_summary.avg_buying_group_size,
        opportunity_summary.avg_people_engaged,
        opportunity_summary.avg_decision_makers_engaged,
        cast(opportunity_summary.avg_buying_group_coverage as {{ type_double() }})
            as avg_buying_group_coverage,
        cast(opportunity_summary.avg_decision_maker_coverage as {{ type_double() }})
            as avg_decision_maker_coverage
    from journey_summary
    left join cycle_summary
        on
            journey_summary.business_model = cycle_summary.business_model
            and journey_summary.segment = cycle_summary.segment
    left join stage_summary
        on
            journey_summary.business_model = stage_summary.business_model
            and journey_summary.segment = stage_summary.segment
    left join clv_summary
        on
            journey_summary.business_model = clv_summary.business_model
            and journey_summary.segment = clv_summary.segment
    left join retention_summary
        on
            journey_summary.business_model = retention_summary.business_model
            and journey_summary.segment = retention_summary.segment
    left join opportunity_summary
        on
            journey_summary.business_model = opportunity_summary.business_model
            and journey_summary.segment = opportunity_summary.segment
)

select * from final
