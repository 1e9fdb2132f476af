{#- Verbatims: every survey comment as customers wrote it (personal data masked in staging,
    macros/personal_data.sql), with what the report filters by: business model, language,
    themes (all of them, and the primary one), sentiment, score, and the touchpoint, channel and
    stage the feedback is about. Newest first by `verbatim_rank` per business model. -#}
with

fct_feedback_responses as (
    select * from {{ ref('fct_feedback_responses') }}
),

fct_feedback_themes as (
    select * from {{ ref('fct_feedback_themes') }}
),

feedback_themes as (
    select * from {{ ref('feedback_themes') }}
),

theme_lists as (
    select
        fct_feedback_themes.response_id,
        {{ dbt.listagg('fct_feedback_themes.theme', "';'", 'order by fct_feedback_themes.theme') }}
            as themes,
        {{ dbt.listagg(
            "case when feedback_themes.theme_group <> 'praise' then fct_feedback_themes.theme end",
            "';'",
            'order by fct_feedback_themes.theme'
        ) }} as pain_point_themes,
        max(case when feedback_themes.theme_group = 'problem' then 1 else 0 end) = 1
            as has_problem_theme
    from fct_feedback_themes
    inner join feedback_themes
        on fct_feedback_themes.theme = feedback_themes.theme
    group by 1
),

commented as (
    select
        fct_feedback_responses.*,
        theme_lists.themes,
        theme_lists.pain_point_themes,
        coalesce(theme_lists.has_problem_theme, false) as has_problem_theme
    from fct_feedback_responses
    left join theme_lists
        on fct_feedback_responses.response_id = theme_lists.response_id
    where fct_feedback_responses.comment_text is not null
),

final as (
    select
        response_id,
        responded_at,
        responded_date,
        coalesce(business_model, '(unknown)') as business_model,
        survey_type,
        score,
        is_top_box,
        is_low_score,
        language_code,
        comment_text,
        coalesce(themes, '') as themes,
        coalesce(pain_point_themes, '') as pain_point_themes,
        coalesce(primary_theme, '(none)') as primary_theme,
        cast(theme_count as {{ dbt.type_bigint() }}) as theme_count,
        has_problem_theme,
        sentiment_label,
        sentiment_score,
        coalesce(touchpoint_event_type, '(none)') as touchpoint_event_type,
        coalesce(channel, '(none)') as channel,
        coalesce(touchpoint_journey_stage, '(none)') as journey_stage,
        cast(
            row_number() over (
                partition by coalesce(business_model, '(unknown)')
                order by responded_at desc, response_id asc
            ) as {{ dbt.type_bigint() }}
        ) as verbatim_rank,
        account_id
    from commented
)

select * from final
