{#- One row per response and theme found in its comment by the lexicon tagger, with the
    response's score flags, sentiment and journey context for slicing. -#}
with

int_feedback_themes_tagged as (
    select * from {{ ref('int_feedback_themes_tagged') }}
),

fct_feedback_responses as (
    select * from {{ ref('fct_feedback_responses') }}
),

final as (
    select
        int_feedback_themes_tagged.feedback_theme_id,
        int_feedback_themes_tagged.response_id,
        int_feedback_themes_tagged.theme,
        int_feedback_themes_tagged.matched_term_count,
        int_feedback_themes_tagged.matched_terms,
        int_feedback_themes_tagged.is_primary_theme,
        fct_feedback_responses.responded_at,
        fct_feedback_responses.responded_month_date,
        fct_feedback_responses.survey_type,
        fct_feedback_responses.score,
        fct_feedback_responses.score_normalized,
        fct_feedback_responses.is_low_score,
        fct_feedback_responses.is_top_box,
        fct_feedback_responses.language_code,
        fct_feedback_responses.sentiment_score,
        fct_feedback_responses.sentiment_label,
        fct_feedback_responses.business_model,
        fct_feedback_responses.journey_id,
        fct_feedback_responses.touchpoint_event_type,
        fct_feedback_responses.touchpoint_journey_stage,
        fct_feedback_responses.channel,
        fct_feedback_responses.is_outcome_observed,
        fct_feedback_responses.is_lost_after_response
    from int_feedback_themes_tagged
    inner join fct_feedback_responses
        on int_feedback_themes_tagged.response_id = fct_feedback_responses.response_id
)

select * from final
