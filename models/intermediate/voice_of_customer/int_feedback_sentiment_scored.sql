{#- Lexicon sentiment per response with a comment: positive and negative terms of the
    response's language that start a word of the normalized comment. Score = (positive -
    negative) / (positive + negative) in [-1, 1], 0 when no term matches. Negation and sarcasm
    are not understood (see the sentiment_lexicon seed). -#}
with

stg_landing__feedback_responses as (
    select * from {{ ref('stg_landing__feedback_responses') }}
),

sentiment_lexicon as (
    select * from {{ ref('sentiment_lexicon') }}
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
        lower(sentiment_lexicon.term) as term,
        sentiment_lexicon.polarity
    from comments
    inner join sentiment_lexicon
        on
            comments.language_code = sentiment_lexicon.language
            and comments.normalized_comment like '% ' || lower(sentiment_lexicon.term) || '%'
),

per_response as (
    select
        response_id,
        cast(sum(case when polarity > 0 then 1 else 0 end) as {{ dbt.type_bigint() }})
            as positive_term_count,
        cast(sum(case when polarity < 0 then 1 else 0 end) as {{ dbt.type_bigint() }})
            as negative_term_count
    from matches
    group by 1
),

final as (
    select
        comments.response_id,
        coalesce(per_response.positive_term_count, 0) as positive_term_count,
        coalesce(per_response.negative_term_count, 0) as negative_term_count,
        coalesce(
            {{ ratio(
                'per_response.positive_term_count - per_response.negative_term_count',
                'per_response.positive_term_count + per_response.negative_term_count'
            ) }},
            0
        ) as sentiment_score
    from comments
    left join per_response
        on comments.response_id = per_response.response_id
)

select * from final
