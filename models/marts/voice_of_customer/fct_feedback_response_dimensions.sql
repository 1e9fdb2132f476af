{#- Each response once per report dimension, so report tables can group by
    (dimension_name, dimension_value): overall ('all'), touchpoint event type, channel,
    journey stage (of the touchpoint the feedback is about) and the journey's current segment.
    Missing values read '(none)' (no touchpoint found) or '(unknown)' (macro
    feedback_dimensions, which the response-rate denominators in int_active_journeys_counted
    share). -#}
{%- set dimensions = feedback_dimensions() -%}
with

fct_feedback_responses as (
    select * from {{ ref('fct_feedback_responses') }}
),

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

responses as (
    select
        fct_feedback_responses.response_id,
        fct_feedback_responses.responded_month_date,
        coalesce(fct_feedback_responses.business_model, '(unknown)') as business_model,
        fct_feedback_responses.journey_id,
        dim_segments.segment,
        fct_feedback_responses.touchpoint_event_type,
        fct_feedback_responses.channel,
        fct_feedback_responses.touchpoint_journey_stage,
        fct_feedback_responses.survey_type,
        fct_feedback_responses.score,
        fct_feedback_responses.score_normalized,
        fct_feedback_responses.is_promoter,
        fct_feedback_responses.is_passive,
        fct_feedback_responses.is_detractor,
        fct_feedback_responses.is_top_box,
        fct_feedback_responses.is_low_score,
        fct_feedback_responses.sentiment_score,
        fct_feedback_responses.is_outcome_observed,
        fct_feedback_responses.is_lost_after_response
    from fct_feedback_responses
    left join dim_segments
        on fct_feedback_responses.journey_id = dim_segments.journey_id
),

final as (
    {% for dimension_name, dimension_value in dimensions %}
        select
            response_id || '|{{ dimension_name }}' as response_dimension_id,
            response_id,
            '{{ dimension_name }}' as dimension_name,
            {{ dimension_value }} as dimension_value,
            responded_month_date,
            business_model,
            journey_id,
            survey_type,
            score,
            score_normalized,
            is_promoter,
            is_passive,
            is_detractor,
            is_top_box,
            is_low_score,
            sentiment_score,
            is_outcome_observed,
            is_lost_after_response
        from responses
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from final
