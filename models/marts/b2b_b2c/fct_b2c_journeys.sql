{#- One row per B2C journey (stitched person): stages reached and the days spent in each (from
    the first entry of the stage to the first entry of the next stage reached), touchpoints and
    channels per stage, first/last touch, conversions, days and touchpoints to the first
    conversion, average NPS / CSAT / CES before the first conversion (all feedback of journeys
    that never converted) and from it on, and the current segment. -#}
{%- set stages = journey_stages() -%}
{%- set surveys = ['nps', 'csat', 'ces'] -%}
with

fct_journeys as (
    select * from {{ ref('fct_journeys') }}
),

fct_journey_stages as (
    select * from {{ ref('fct_journey_stages') }}
),

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

fct_feedback_responses as (
    select * from {{ ref('fct_feedback_responses') }}
),

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

journey_stages as (
    select * from {{ ref('journey_stages') }}
),

journeys as (
    select * from fct_journeys
    where business_model = 'b2c'
),

first_conversions as (
    select
        journey_id,
        min(converted_at) as first_converted_at,
        {{ currency_label('currency') }} as currency
    from fct_conversions
    where business_model = 'b2c'
    group by 1
),

stage_sequence as (
    select
        journey_id,
        journey_stage,
        first_entered_at,
        lead(first_entered_at) over (partition by journey_id order by stage_order)
            as next_stage_entered_at
    from fct_journey_stages
    where business_model = 'b2c'
),

stage_durations as (
    select
        journey_id,
        journey_stage,
        case
            when next_stage_entered_at is not null
                then greatest({{ days_between('first_entered_at', 'next_stage_entered_at') }}, 0)
        end as days_in_stage
    from stage_sequence
),

stage_summary as (
    select
        journey_id,
        cast(count(*) as {{ dbt.type_bigint() }}) as stages_reached,
        {% for stage in stages -%}
            max(case when journey_stage = '{{ stage }}' then days_in_stage end)
                as days_in_{{ stage }}{% if not loop.last %},{% endif %}
        {% endfor %}
    from stage_durations
    group by 1
),

touch_summary as (
    select
        fct_touchpoints.journey_id,
        cast(sum(
            case
                when
                    first_conversions.first_converted_at is not null
                    and fct_touchpoints.occurred_at <= first_conversions.first_converted_at
                    then 1
                else 0
            end
        ) as {{ dbt.type_bigint() }}) as touchpoints_to_first_conversion,
        {% for stage in stages -%}
            cast(
                sum(case when fct_touchpoints.journey_stage = '{{ stage }}' then 1 else 0 end)
                as {{ dbt.type_bigint() }}
            ) as {{ stage }}_touchpoints,
            count(
                distinct case
                    when fct_touchpoints.journey_stage = '{{ stage }}' then fct_touchpoints.channel
                end
            ) as {{ stage }}_channels{% if not loop.last %},{% endif %}
        {% endfor %}
    from fct_touchpoints
    left join first_conversions
        on fct_touchpoints.journey_id = first_conversions.journey_id
    where fct_touchpoints.business_model = 'b2c'
    group by 1
),

feedback_summary as (
    select
        fct_feedback_responses.journey_id,
        count(*) as feedback_responses,
        {% for survey in surveys -%}
            avg(
                case
                    when
                        fct_feedback_responses.survey_type = '{{ survey }}'
                        and (
                            first_conversions.first_converted_at is null
                            or fct_feedback_responses.responded_at
                            < first_conversions.first_converted_at
                        )
                        then cast(fct_feedback_responses.score as {{ type_double() }})
                end
            ) as avg_{{ survey }}_before_first_conversion,
            avg(
                case
                    when
                        fct_feedback_responses.survey_type = '{{ survey }}'
                        and fct_feedback_responses.responded_at
                        >= first_conversions.first_converted_at
                        then cast(fct_feedback_responses.score as {{ type_double() }})
                end
            ) as avg_{{ survey }}_after_first_conversion{% if not loop.last %},{% endif %}
        {% endfor %}
    from fct_feedback_responses
    left join first_conversions
        on fct_feedback_responses.journey_id = first_conversions.journey_id
    where fct_feedback_responses.business_model = 'b2c'
    group by 1
),

final as (
    select
        journeys.journey_id,
        journeys.person_id,
        dim_segments.segment,
        journeys.first_touch_at,
        journeys.last_touch_at,
        journeys.first_touch_channel,
        journeys.last_touch_channel,
        journeys.touchpoint_count,
        journeys.session_count,
        journeys.channel_count,
        journey_stages.journey_stage as furthest_stage,
        coalesce(stage_summary.stages_reached, 0) as stages_reached,
        {% for stage in stages -%}
            journeys.{{ stage }}_at as {{ stage }}_entered_at,
        {% endfor -%}
        {% for stage in stages[:-1] -%}
            stage_summary.days_in_{{ stage }},
        {% endfor -%}
        {% for stage in stages -%}
            coalesce(touch_summary.{{ stage }}_touchpoints, 0) as {{ stage }}_touchpoints,
            coalesce(touch_summary.{{ stage }}_channels, 0) as {{ stage }}_channels,
        {% endfor -%}
        journeys.conversion_count,
        journeys.is_converted,
        first_conversions.first_converted_at,
        journeys.days_to_first_conversion,
        case
            when journeys.is_converted
                then coalesce(touch_summary.touchpoints_to_first_conversion, 0)
        end as touchpoints_to_first_conversion,
        cast(journeys.net_revenue as decimal(18, 2)) as net_revenue,
        first_conversions.currency,
        coalesce(feedback_summary.feedback_responses, 0) as feedback_responses,
        {% for survey in surveys -%}
            feedback_summary.avg_{{ survey }}_before_first_conversion,
            feedback_summary.avg_{{ survey }}_after_first_conversion
            {%- if not loop.last %},{% endif %}
        {% endfor %}
    from journeys
    left join journey_stages
        on journeys.furthest_stage_order = journey_stages.stage_order
    left join stage_summary
        on journeys.journey_id = stage_summary.journey_id
    left join touch_summary
        on journeys.journey_id = touch_summary.journey_id
    left join first_conversions
        on journeys.journey_id = first_conversions.journey_id
    left join feedback_summary
        on journeys.journey_id = feedback_summary.journey_id
    left join dim_segments
        on journeys.journey_id = dim_segments.journey_id
)

select * from final
