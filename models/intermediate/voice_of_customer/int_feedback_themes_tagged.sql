{#- Themes of free-text comments from the lexicon seed: a response gets a theme when a term of
    that theme, in the response's language, starts a word of the normalized comment (see the
    normalize_text macro and the feedback_theme_lexicon seed for what this catches and misses).
    The primary theme has the most matched terms (ties: theme name). -#}
with

stg_landing__feedback_responses as (
    select * from {{ ref('stg_landing__feedback_responses') }}
),

feedback_theme_lexicon as (
    select * from {{ ref('feedback_theme_lexicon') }}
),

comments as (
    select
        response_id,
        language_code,
        {{ normalize_text('comment_text') }} as normalized_comment
    from stg_landing__feedback_responses
    where comment_text is not null
),

matches as (
    select distinct
        comments.response_id,
        feedback_theme_lexicon.theme,
        lower(feedback_theme_lexicon.term) as term
    from comments
    inner join feedback_theme_lexicon
        on
            comments.language_code = feedback_theme_lexicon.language
            and comments.normalized_comment like '% ' || lower(feedback_theme_lexicon.term) || '%'
),

per_theme as (
    select
        response_id,
        theme,
        count(*) as matched_term_count,
        {{ dbt.listagg('term', "', '", 'order by term') }} as matched_terms
    from matches
    group by 1, 2
),

final as (
    select
        response_id || '|' || theme as feedback_theme_id,
        response_id,
        theme,
        matched_term_count,
        matched_terms,
        row_number() over (
            partition by response_id order by matched_term_count desc, theme asc
        ) = 1 as is_primary_theme
    from per_theme
)

select * from final
