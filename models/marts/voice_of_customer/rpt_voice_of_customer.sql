{#- Survey scores per month, business model, survey type and report dimension
    (dimension_name: overall | event_type | channel | journey_stage | segment).
    NPS = % promoters - % detractors, in points (-100..100), NPS surveys only.
    Top-box share = share of responses at or above the survey's top_box_min (CSAT 4-5,
    CES 6-7, NPS 9-10); mean score on the survey's own scale.
    Response rate = responses / journeys active in that month (a touchpoint or conversion;
    for event type, channel and stage: journeys with such a touchpoint in the month). -#}
with

int_feedback_dimensions_unpivoted as (
    select * from {{ ref('int_feedback_dimensions_unpivoted') }}
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
        avg(score_normalized) as mean_score_normalized,
        avg(sentiment_score) as mean_sentiment_score
    from int_feedback_dimensions_unpivoted
    group by 1, 2, 3, 4, 5
),

final as (
    select
        aggregated.business_model || '|' || aggregated.survey_type || '|'
        || aggregated.dimension_name || '|' || aggregated.dimension_value || '|'
        || cast(aggregated.responded_month_date as {{ dbt.type_string() }})
            as voice_of_customer_id,
        aggregated.responded_month_date,
        aggregated.business_model,
        aggregated.survey_type,
        aggregated.dimension_name,
        aggregated.dimension_value,
        cast(aggregated.responses as {{ dbt.type_bigint() }}) as responses,
        cast(aggregated.responding_journeys as {{ dbt.type_bigint() }}) as responding_journeys,
        cast(aggregated.promoters as {{ dbt.type_bigint() }}) as promoters,
        cast(aggregated.passives as {{ dbt.type_bigint() }}) as passives,
        cast(aggregated.detractors as {{ dbt.type_bigint() }}) as detractors,
        cast(aggregated.top_box_responses as {{ dbt.type_bigint() }}) as top_box_responses,
        cast(aggregated.low_score_responses as {{ dbt.type_bigint() }}) as low_score_responses,
        case
            when aggregated.survey_type = 'nps'
                then 100.0 * {{ ratio(
                    'aggregated.promoters - aggregated.detractors', 'aggregated.responses'
                ) }}
        end as nps,
        {{ ratio('aggregated.top_box_responses', 'aggregated.responses') }} as top_box_share,
        {{ ratio('aggregated.low_score_responses', 'aggregated.responses') }} as low_score_share,
        aggregated.mean_score,
        aggregated.mean_score_normalized,
        aggregated.mean_sentiment_score,
        cast(int_active_journeys_counted.active_journeys as {{ dbt.type_bigint() }})
            as active_journeys,
        {{ ratio('aggregated.responding_journeys', 'int_active_journeys_counted.active_journeys') }}
            as response_rate
    from aggregated
    left join int_active_journeys_counted
        on
            aggregated.responded_month_date = int_active_journeys_counted.activity_month_date
            and aggregated.business_model = int_active_journeys_counted.business_model
            and aggregated.dimension_name = int_active_journeys_counted.dimension_name
            and aggregated.dimension_value = int_active_journeys_counted.dimension_value
)

select * from final
