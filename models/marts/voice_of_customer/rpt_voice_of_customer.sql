{#- Survey scores per month, business model, survey type and report dimension
    (dimension_name: overall | event_type | channel | journey_stage | segment).
    NPS = % promoters - % detractors, in points (-100..100), NPS surveys only.
    Top-box share = share of responses at or above the survey's top_box_min (CSAT 4-5,
    CES 6-7, NPS 9-10); mean score on the survey's own scale.
    Response rate = responses / journeys active in that month (a touchpoint or conversion;
    for event type, channel and stage: journeys with such a touchpoint in the month).
    Uncertainty, 95 % normal-approximation (Wald) margins of error, +- around the value:
      NPS:           1.96 * 100 * sqrt(var / n), var = p_promoter + p_detractor
                     - (p_promoter - p_detractor)^2 (variance of the per-response score
                     +1 promoter, 0 passive, -1 detractor);
      top-box share: 1.96 * sqrt(p * (1 - p) / n);
      mean score:    1.96 * sample standard deviation / sqrt(n) (null below 2 responses).
    All three are 0 when every response is alike (e.g. NPS +-100 on 3 responses), so a row is
    reportable only from var `voc_min_responses` (default 30) responses on. -#}
{%- set min_responses = var('voc_min_responses') -%}
with

fct_feedback_response_dimensions as (
    select * from {{ ref('fct_feedback_response_dimensions') }}
),

int_active_journeys_counted as (
    select * from {{ ref('int_active_journeys_counted') }}
),

aggregated as (
    select
        responded_month_date,
        business_model,
        survey_type,
        dimension_name,
        dimension_value,
        count(*) as responses,
        count(distinct journey_id) as responding_journeys,
        sum(case when is_promoter then 1 else 0 end) as promoters,
        sum(case when is_passive then 1 else 0 end) as passives,
        sum(case when is_detractor then 1 else 0 end) as detractors,
        sum(case when is_top_box then 1 else 0 end) as top_box_responses,
        sum(case when is_low_score then 1 else 0 end) as low_score_responses,
        avg(cast(score as {{ type_double() }})) as mean_score,
        stddev_samp(cast(score as {{ type_double() }})) as score_standard_deviation,
        avg(score_normalized) as mean_score_normalized,
        avg(sentiment_score) as mean_sentiment_score
    from fct_feedback_response_dimensions
    group by 1, 2, 3, 4, 5
),

shares as (
    select
        *,
        {{ ratio('promoters', 'responses') }} as promoter_share,
        {{ ratio('detractors', 'responses') }} as detractor_share,
        {{ ratio('top_box_responses', 'responses') }} as top_box_share,
        {{ ratio('low_score_responses', 'responses') }} as low_score_share
    from aggregated
),

margins as (
    select
        *,
        case
            when survey_type = 'nps'
                then 1.96 * 100.0 * sqrt(
                    -- greatest(): rounding can push an all-alike sample's variance below 0
                    greatest(
                        promoter_share + detractor_share
                        - (promoter_share - detractor_share) * (promoter_share - detractor_share),
                        0
                    ) / responses
                )
        end as nps_margin_of_error,
        1.96 * sqrt(top_box_share * (1 - top_box_share) / responses)
            as top_box_share_margin_of_error,
        1.96 * score_standard_deviation / sqrt(responses) as mean_score_margin_of_error
    from shares
),

final as (
    select
        margins.business_model || '|' || margins.survey_type || '|'
        || margins.dimension_name || '|' || margins.dimension_value || '|'
        || cast(margins.responded_month_date as {{ dbt.type_string() }})
            as voice_of_customer_id,
        margins.responded_month_date,
        margins.business_model,
        margins.survey_type,
        margins.dimension_name,
        margins.dimension_value,
        cast(margins.responses as {{ dbt.type_bigint() }}) as responses,
        cast(margins.responding_journeys as {{ dbt.type_bigint() }}) as responding_journeys,
        cast(margins.promoters as {{ dbt.type_bigint() }}) as promoters,
        cast(margins.passives as {{ dbt.type_bigint() }}) as passives,
        cast(margins.detractors as {{ dbt.type_bigint() }}) as detractors,
        cast(margins.top_box_responses as {{ dbt.type_bigint() }}) as top_box_responses,
        cast(margins.low_score_responses as {{ dbt.type_bigint() }}) as low_score_responses,
        case
            when margins.survey_type = 'nps'
                then {{ ratio(
                    '100.0 * (margins.promoters - margins.detractors)', 'margins.responses'
                ) }}
        end as nps,
        margins.nps_margin_of_error,
        margins.top_box_share,
        margins.top_box_share_margin_of_error,
        margins.low_score_share,
        margins.mean_score,
        margins.mean_score_margin_of_error,
        margins.mean_score_normalized,
        margins.mean_sentiment_score,
        cast(int_active_journeys_counted.active_journeys as {{ dbt.type_bigint() }})
            as active_journeys,
        {{ ratio('margins.responding_journeys', 'int_active_journeys_counted.active_journeys') }}
            as response_rate,
        cast({{ min_responses }} as {{ dbt.type_bigint() }}) as min_reportable_responses,
        margins.responses >= {{ min_responses }} as is_reportable
    from margins
    left join int_active_journeys_counted
        on
            margins.responded_month_date = int_active_journeys_counted.activity_month_date
            and margins.business_model = int_active_journeys_counted.business_model
            and margins.dimension_name = int_active_journeys_counted.dimension_name
            and margins.dimension_value = int_active_journeys_counted.dimension_value
)

select * from final
