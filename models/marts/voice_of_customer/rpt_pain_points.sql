{#- Feedback themes ranked by impact, per business model, overall and per touchpoint event
    type, channel and segment (dimension_name / dimension_value):
      low_score_share    = low-score mentions / mentions (low: score <= detractor_max);
      lost_rate          = respondents lost after the response / those with an observed
                           outcome (no conversion within `churn_inactivity_days`);
      baseline_lost_rate = the same over all responses of the business model;
      relative_lost_risk = lost_rate / baseline_lost_rate (1 when either is undefined);
      impact_score       = mentions * low_score_share * relative_lost_risk
                         = low-score mentions, weighted by how much more often they are lost.
    impact_rank: 1 = highest impact within business model and dimension_name. Praise themes
    (feedback_themes.theme_group = 'praise') are no pain point and are left out. -#}
with

fct_feedback_themes as (
    select * from {{ ref('fct_feedback_themes') }}
),

fct_feedback_response_dimensions as (
    select * from {{ ref('fct_feedback_response_dimensions') }}
),

feedback_themes as (
    select * from {{ ref('feedback_themes') }}
),

baselines as (
    select
        business_model,
        sum(case when is_lost_after_response then 1 else 0 end) as baseline_lost,
        sum(case when is_outcome_observed then 1 else 0 end) as baseline_observed
    from fct_feedback_response_dimensions
    where dimension_name = 'overall'
    group by 1
),

mentions as (
    select
        fct_feedback_response_dimensions.business_model,
        fct_feedback_response_dimensions.dimension_name,
        fct_feedback_response_dimensions.dimension_value,
        fct_feedback_themes.theme,
        count(*) as mentions,
        sum(case when fct_feedback_response_dimensions.is_low_score then 1 else 0 end)
            as low_score_mentions,
        sum(case when fct_feedback_response_dimensions.is_outcome_observed then 1 else 0 end)
            as observed_mentions,
        sum(case when fct_feedback_response_dimensions.is_lost_after_response then 1 else 0 end)
            as lost_mentions,
        avg(fct_feedback_response_dimensions.score_normalized) as mean_score_normalized,
        avg(fct_feedback_response_dimensions.sentiment_score) as mean_sentiment_score
    from fct_feedback_themes
    inner join fct_feedback_response_dimensions
        on fct_feedback_themes.response_id = fct_feedback_response_dimensions.response_id
    inner join feedback_themes
        on fct_feedback_themes.theme = feedback_themes.theme
    where
        fct_feedback_response_dimensions.dimension_name
        in ('overall', 'event_type', 'channel', 'segment')
        and feedback_themes.theme_group <> 'praise'
    group by 1, 2, 3, 4
),

rated as (
    select
        mentions.*,
        {{ ratio('mentions.low_score_mentions', 'mentions.mentions') }} as low_score_share,
        {{ ratio('mentions.lost_mentions', 'mentions.observed_mentions') }} as lost_rate,
        {{ ratio('baselines.baseline_lost', 'baselines.baseline_observed') }}
            as baseline_lost_rate
    from mentions
    inner join baselines
        on mentions.business_model = baselines.business_model
),

scored as (
    select
        *,
        lost_rate / nullif(baseline_lost_rate, 0) as relative_lost_risk,
        mentions * low_score_share * coalesce(lost_rate / nullif(baseline_lost_rate, 0), 1)
            as impact_score
    from rated
),

final as (
    select
        business_model || '|' || dimension_name || '|' || dimension_value || '|' || theme
            as pain_point_id,
        business_model,
        dimension_name,
        dimension_value,
        theme,
        cast(mentions as {{ dbt.type_bigint() }}) as mentions,
        cast(low_score_mentions as {{ dbt.type_bigint() }}) as low_score_mentions,
        low_score_share,
        cast(observed_mentions as {{ dbt.type_bigint() }}) as observed_mentions,
        cast(lost_mentions as {{ dbt.type_bigint() }}) as lost_mentions,
        lost_rate,
        baseline_lost_rate,
        relative_lost_risk,
        impact_score,
        cast(
            row_number() over (
                partition by business_model, dimension_name
                order by impact_score desc, mentions desc, theme asc, dimension_value asc
            ) as {{ dbt.type_bigint() }}
        ) as impact_rank,
        mean_score_normalized,
        mean_sentiment_score
    from scored
)

select * from final
