{#- One row per survey response, resolved to person, journey and the touchpoint it is about
    (see int_feedback_responses_resolved), with the survey_types thresholds applied:
    NPS promoter (>= promoter_min), detractor (<= detractor_max), passive (in between);
    top box (>= top_box_min) and low score (<= detractor_max) for every survey type. Plus
    the comment's sentiment and primary theme (journey_warehouse.voc, through the Python models
    int_feedback_sentiment_scored and int_feedback_themes_tagged), and the later outcome used
    to rank pain points:
    `is_lost_after_response` = the journey did not convert within `churn_inactivity_days`
    after the response (churn for customers, non-conversion for prospects); null while that
    window has not ended by the reference date. -#}
{%- set churn_days = var('churn_inactivity_days') -%}
with

int_feedback_responses_resolved as (
    select * from {{ ref('int_feedback_responses_resolved') }}
),

int_feedback_sentiment_scored as (
    select * from {{ ref('int_feedback_sentiment_scored') }}
),

int_feedback_themes_tagged as (
    select * from {{ ref('int_feedback_themes_tagged') }}
),

int_reference_dates_computed as (
    select * from {{ ref('int_reference_dates_computed') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

survey_types as (
    select * from {{ ref('survey_types') }}
),

theme_summary as (
    select
        response_id,
        count(*) as theme_count,
        min(case when is_primary_theme then theme end) as primary_theme
    from int_feedback_themes_tagged
    group by 1
),

conversion_context as (
    select
        int_feedback_responses_resolved.response_id,
        max(
            case
                when fct_conversions.converted_at <= int_feedback_responses_resolved.responded_at
                    then 1
                else 0
            end
        ) as has_converted_before,
        min(
            case
                when fct_conversions.converted_at > int_feedback_responses_resolved.responded_at
                    then fct_conversions.converted_at
            end
        ) as next_converted_at
    from int_feedback_responses_resolved
    inner join fct_conversions
        on int_feedback_responses_resolved.journey_id = fct_conversions.journey_id
    group by 1
),

joined as (
    select
        int_feedback_responses_resolved.*,
        survey_types.min_score,
        survey_types.max_score,
        survey_types.top_box_min,
        survey_types.detractor_max,
        survey_types.promoter_min,
        int_feedback_sentiment_scored.sentiment_score,
        int_feedback_sentiment_scored.sentiment_label,
        int_feedback_sentiment_scored.positive_term_count,
        int_feedback_sentiment_scored.negative_term_count,
        theme_summary.primary_theme,
        coalesce(theme_summary.theme_count, 0) as theme_count,
        coalesce(conversion_context.has_converted_before, 0) = 1 as was_customer_at_response,
        conversion_context.next_converted_at,
        {{ dbt.dateadd(
            'day', churn_days, 'cast(int_feedback_responses_resolved.responded_at as date)'
        ) }} <= int_reference_dates_computed.reference_date as is_outcome_observed
    from int_feedback_responses_resolved
    cross join int_reference_dates_computed
    left join survey_types
        on int_feedback_responses_resolved.survey_type = survey_types.survey_type
    left join int_feedback_sentiment_scored
        on int_feedback_responses_resolved.response_id = int_feedback_sentiment_scored.response_id
    left join theme_summary
        on int_feedback_responses_resolved.response_id = theme_summary.response_id
    left join conversion_context
        on int_feedback_responses_resolved.response_id = conversion_context.response_id
),

final as (
    select
        response_id,
        responded_at,
        cast(responded_at as date) as responded_date,
        cast({{ dbt.date_trunc('month', 'responded_at') }} as date) as responded_month_date,
        survey_type,
        score,
        cast(score - min_score as {{ type_double() }}) / nullif(max_score - min_score, 0)
            as score_normalized,
        case when survey_type = 'nps' then score >= promoter_min end as is_promoter,
        case
            when survey_type = 'nps' then score > detractor_max and score < promoter_min
        end as is_passive,
        case when survey_type = 'nps' then score <= detractor_max end as is_detractor,
        score >= top_box_min as is_top_box,
        score <= detractor_max as is_low_score,
        person_id,
        is_person_resolved,
        account_id,
        business_model,
        journey_id,
        order_id,
        survey_channel,
        touchpoint_event_id,
        touchpoint_match_method,
        touchpoint_occurred_at,
        touchpoint_event_type,
        touchpoint_channel,
        touchpoint_journey_stage,
        {{ feedback_channel() }} as channel,
        language_code,
        comment_text is not null as has_comment,
        comment_text,
        sentiment_score,
        sentiment_label,
        positive_term_count,
        negative_term_count,
        primary_theme,
        theme_count,
        was_customer_at_response,
        next_converted_at,
        is_outcome_observed,
        case
            when
                next_converted_at is not null
                and next_converted_at
                <= {{ dbt.dateadd('day', churn_days, 'responded_at') }}
                then false
            when is_outcome_observed then true
        end as is_lost_after_response
    from joined
)

select * from final
