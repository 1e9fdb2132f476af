{#- Moments that matter: touchpoint event types and journey stages, per business model, scored
    two simple, explainable ways (correlations, not causal effects):
    1. Feedback separation: of all positive responses (top box; NPS promoters) and of all
       negative ones (low score; NPS detractors) that could be tied to a touchpoint, the share
       tied to this moment; separation_points = 100 * (positive share - negative share).
       Negative = the moment precedes bad feedback more often than good feedback.
       moment_rank orders by |separation_points| among moments with at least
       `moments_min_responses` (default 10) responses.
    2. Presence: conversion rate of journeys that had the moment before their first conversion
       (or at all, if they never converted) vs journeys that did not (conversion_lift_points),
       and the share of converted journeys that ever churned (fct_customer_periods) among those
       with the moment after their first conversion vs those without (churn_lift_points).
       Moments that define the outcome get no presence scores (is_outcome_moment; all presence
       columns null): the event types whose journey stage is the conversion stage in the seeds
       (B2C: event_types.journey_stage; B2B: the journey_stage of the event type's b2b_stage, as
       int_touchpoints_enriched maps them; e.g. purchase) and that stage itself. A conversion
       comes with its own purchase touchpoint, so that moment's conversion lift is ~100 points by
       construction; churn is the absence of conversions for `churn_inactivity_days`, so a later
       purchase is part of the churn definition. Their feedback scores are kept. -#}
{%- set min_responses = var('moments_min_responses', 10) -%}
{%- set dimensions = ['event_type', 'journey_stage'] -%}
{%- set conversion_stage = 'conversion' -%}
with

fct_feedback_responses as (
    select * from {{ ref('fct_feedback_responses') }}
),

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

fct_customer_periods as (
    select * from {{ ref('fct_customer_periods') }}
),

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

event_types as (
    select * from {{ ref('event_types') }}
),

b2b_stages as (
    select * from {{ ref('b2b_stages') }}
),

event_type_stages as (
    select
        event_types.event_type,
        event_types.journey_stage as b2c_journey_stage,
        b2b_stages.journey_stage as b2b_journey_stage
    from event_types
    left join b2b_stages
        on event_types.b2b_stage = b2b_stages.b2b_stage
),

-- moments that are the conversion (and, by its absence, churn) rather than precede it
outcome_moments as (
    select
        'b2c' as business_model,
        'event_type' as dimension_name,
        event_type as dimension_value
    from event_type_stages
    where b2c_journey_stage = '{{ conversion_stage }}'
    union all
    select
        'b2b' as business_model,
        'event_type' as dimension_name,
        event_type as dimension_value
    from event_type_stages
    where b2b_journey_stage = '{{ conversion_stage }}'
    union all
    select
        'b2c' as business_model,
        'journey_stage' as dimension_name,
        '{{ conversion_stage }}' as dimension_value
    union all
    select
        'b2b' as business_model,
        'journey_stage' as dimension_name,
        '{{ conversion_stage }}' as dimension_value
),

feedback_moments as (
    {% for dimension in dimensions %}
        select
            business_model,
            '{{ dimension }}' as dimension_name,
            coalesce(touchpoint_{{ dimension }}, '(unknown)') as dimension_value,
            survey_type,
            is_top_box,
            is_low_score,
            is_promoter,
            is_detractor
        from fct_feedback_responses
        where touchpoint_event_id is not null and business_model is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

feedback_totals as (
    select
        business_model,
        dimension_name,
        sum(case when is_top_box then 1 else 0 end) as positive_total,
        sum(case when is_low_score then 1 else 0 end) as negative_total
    from feedback_moments
    group by 1, 2
),

feedback_scores as (
    select
        business_model,
        dimension_name,
        dimension_value,
        count(*) as responses,
        sum(case when is_top_box then 1 else 0 end) as positive_responses,
        sum(case when is_low_score then 1 else 0 end) as negative_responses,
        sum(case when survey_type = 'nps' then 1 else 0 end) as nps_responses,
        sum(case when is_promoter then 1 else 0 end) as promoters,
        sum(case when is_detractor then 1 else 0 end) as detractors
    from feedback_moments
    group by 1, 2, 3
),

first_conversions as (
    select
        journey_id,
        min(converted_at) as first_converted_at
    from fct_conversions
    group by 1
),

churned_journeys as (
    select distinct journey_id
    from fct_customer_periods
    where customer_status = 'churned'
),

journey_outcomes as (
    select
        dim_segments.journey_id,
        dim_segments.business_model,
        dim_segments.is_converted,
        churned_journeys.journey_id is not null as has_churned
    from dim_segments
    left join churned_journeys
        on dim_segments.journey_id = churned_journeys.journey_id
),

journey_totals as (
    select
        business_model,
        count(*) as journeys,
        sum(case when is_converted then 1 else 0 end) as converted_journeys,
        sum(case when is_converted and has_churned then 1 else 0 end) as churned_journeys
    from journey_outcomes
    group by 1
),

exposures as (
    {% for dimension in dimensions %}
        select
            fct_touchpoints.journey_id,
            '{{ dimension }}' as dimension_name,
            coalesce(fct_touchpoints.{{ dimension }}, '(unknown)') as dimension_value,
            max(
                case
                    when
                        first_conversions.first_converted_at is null
                        or fct_touchpoints.occurred_at < first_conversions.first_converted_at
                        then 1
                    else 0
                end
            ) as is_pre_conversion_exposed,
            max(
                case
                    when fct_touchpoints.occurred_at >= first_conversions.first_converted_at
                        then 1
                    else 0
                end
            ) as is_post_conversion_exposed
        from fct_touchpoints
        left join first_conversions
            on fct_touchpoints.journey_id = first_conversions.journey_id
        group by 1, 2, 3
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

presence as (
    select
        journey_outcomes.business_model,
        exposures.dimension_name,
        exposures.dimension_value,
        sum(exposures.is_pre_conversion_exposed) as exposed_journeys,
        sum(
            case
                when exposures.is_pre_conversion_exposed = 1 and journey_outcomes.is_converted
                    then 1
                else 0
            end
        ) as exposed_converted_journeys,
        sum(exposures.is_post_conversion_exposed) as post_conversion_exposed_journeys,
        sum(
            case
                when exposures.is_post_conversion_exposed = 1 and journey_outcomes.has_churned
                    then 1
                else 0
            end
        ) as post_conversion_exposed_churned_journeys
    from exposures
    inner join journey_outcomes
        on exposures.journey_id = journey_outcomes.journey_id
    group by 1, 2, 3
),

moments as (
    select
        business_model,
        dimension_name,
        dimension_value
    from feedback_scores
    union
    select
        business_model,
        dimension_name,
        dimension_value
    from presence
),

scored as (
    select
        moments.business_model,
        moments.dimension_name,
        moments.dimension_value,
        outcome_moments.dimension_value is not null as is_outcome_moment,
        coalesce(feedback_scores.responses, 0) as responses,
        coalesce(feedback_scores.positive_responses, 0) as positive_responses,
        coalesce(feedback_scores.negative_responses, 0) as negative_responses,
        100.0 * {{ ratio(
            'feedback_scores.promoters - feedback_scores.detractors',
            'feedback_scores.nps_responses'
        ) }} as nps,
        100.0 * (
            coalesce({{ ratio(
                'feedback_scores.positive_responses', 'feedback_totals.positive_total'
            ) }}, 0)
            - coalesce({{ ratio(
                'feedback_scores.negative_responses', 'feedback_totals.negative_total'
            ) }}, 0)
        ) as separation_points,
        coalesce(presence.exposed_journeys, 0) as exposed_journeys,
        {{ ratio('presence.exposed_converted_journeys', 'presence.exposed_journeys') }}
            as exposed_conversion_rate,
        {{ ratio(
            'journey_totals.converted_journeys - coalesce(presence.exposed_converted_journeys, 0)',
            'journey_totals.journeys - coalesce(presence.exposed_journeys, 0)'
        ) }} as unexposed_conversion_rate,
        coalesce(presence.post_conversion_exposed_journeys, 0) as post_conversion_exposed_journeys,
        {{ ratio(
            'presence.post_conversion_exposed_churned_journeys',
            'presence.post_conversion_exposed_journeys'
        ) }} as exposed_churn_rate,
        {{ ratio(
            'journey_totals.churned_journeys'
            ~ ' - coalesce(presence.post_conversion_exposed_churned_journeys, 0)',
            'journey_totals.converted_journeys'
            ~ ' - coalesce(presence.post_conversion_exposed_journeys, 0)'
        ) }} as unexposed_churn_rate
    from moments
    left join feedback_scores
        on
            moments.business_model = feedback_scores.business_model
            and moments.dimension_name = feedback_scores.dimension_name
            and moments.dimension_value = feedback_scores.dimension_value
    left join feedback_totals
        on
            moments.business_model = feedback_totals.business_model
            and moments.dimension_name = feedback_totals.dimension_name
    left join presence
        on
            moments.business_model = presence.business_model
            and moments.dimension_name = presence.dimension_name
            and moments.dimension_value = presence.dimension_value
    left join journey_totals
        on moments.business_model = journey_totals.business_model
    left join outcome_moments
        on
            moments.business_model = outcome_moments.business_model
            and moments.dimension_name = outcome_moments.dimension_name
            and moments.dimension_value = outcome_moments.dimension_value
),

ranked as (
    select
        *,
        100.0 * (exposed_conversion_rate - unexposed_conversion_rate) as conversion_lift_points,
        100.0 * (exposed_churn_rate - unexposed_churn_rate) as churn_lift_points,
        case
            when responses >= {{ min_responses }}
                then row_number() over (
                    partition by
                        business_model,
                        dimension_name,
                        case when responses >= {{ min_responses }} then 1 else 0 end
                    order by abs(separation_points) desc, dimension_value
                )
        end as moment_rank
    from scored
),

final as (
    select
        business_model || '|' || dimension_name || '|' || dimension_value as moment_id,
        business_model,
        dimension_name,
        dimension_value,
        cast(responses as {{ dbt.type_bigint() }}) as responses,
        cast(positive_responses as {{ dbt.type_bigint() }}) as positive_responses,
        cast(negative_responses as {{ dbt.type_bigint() }}) as negative_responses,
        nps,
        separation_points,
        case
            when separation_points > 0 then 'positive'
            when separation_points < 0 then 'negative'
            else 'neutral'
        end as separation_direction,
        cast(moment_rank as {{ dbt.type_bigint() }}) as moment_rank,
        is_outcome_moment,
        case
            when not is_outcome_moment then cast(exposed_journeys as {{ dbt.type_bigint() }})
        end as exposed_journeys,
        case when not is_outcome_moment then exposed_conversion_rate end
            as exposed_conversion_rate,
        case when not is_outcome_moment then unexposed_conversion_rate end
            as unexposed_conversion_rate,
        case when not is_outcome_moment then conversion_lift_points end
            as conversion_lift_points,
        case
            when not is_outcome_moment
                then cast(post_conversion_exposed_journeys as {{ dbt.type_bigint() }})
        end as post_conversion_exposed_journeys,
        case when not is_outcome_moment then exposed_churn_rate end as exposed_churn_rate,
        case when not is_outcome_moment then unexposed_churn_rate end as unexposed_churn_rate,
        case when not is_outcome_moment then churn_lift_points end as churn_lift_points
    from ranked
)

select * from final
