{#- Omnichannel consistency: does a journey stage feel the same in every channel? Per business
    model, journey stage (of the touchpoint the feedback is about), survey type and channel
    (feedback_channel: the touchpoint's, else the survey's): responses and the survey's headline
    score (NPS in points; CSAT / CES top-box share in percent) with its 95 % margin of error, and
    per stage and survey type the spread across the channels that reach var `voc_min_responses`
    responses: highest minus lowest score, their standard deviation, and each channel's gap to
    the best one. Responses without a touchpoint have no stage and are left out. -#}
{%- set min_responses = var('voc_min_responses') -%}
with

fct_feedback_responses as (
    select * from {{ ref('fct_feedback_responses') }}
),

journey_stages as (
    select * from {{ ref('journey_stages') }}
),

counted as (
    select
        business_model,
        touchpoint_journey_stage as journey_stage,
        survey_type,
        coalesce(channel, '(none)') as channel,
        count(*) as responses,
        sum(case when is_promoter then 1 else 0 end) as promoters,
        sum(case when is_detractor then 1 else 0 end) as detractors,
        sum(case when is_top_box then 1 else 0 end) as top_box_responses,
        avg(cast(score as {{ type_double() }})) as mean_score
    from fct_feedback_responses
    where business_model is not null and touchpoint_journey_stage is not null
    group by 1, 2, 3, 4
),

scored as (
    select
        *,
        case
            when survey_type = 'nps'
                then {{ ratio('100.0 * (promoters - detractors)', 'responses') }}
            else {{ ratio('100.0 * top_box_responses', 'responses') }}
        end as score_value,
        case
            when survey_type = 'nps'
                then 1.96 * 100.0 * sqrt(
                    greatest(
                        {{ ratio('promoters + detractors', 'responses') }}
                        - {{ ratio('promoters - detractors', 'responses') }}
                        * {{ ratio('promoters - detractors', 'responses') }},
                        0
                    ) / responses
                )
            else 1.96 * 100.0 * sqrt(
                {{ ratio('top_box_responses', 'responses') }}
                * (1 - {{ ratio('top_box_responses', 'responses') }}) / responses
            )
        end as score_margin_of_error,
        responses >= {{ min_responses }} as is_reportable
    from counted
),

spreads as (
    select
        business_model,
        journey_stage,
        survey_type,
        count(*) as channels,
        sum(case when is_reportable then 1 else 0 end) as reportable_channels,
        max(case when is_reportable then score_value end) as best_score_value,
        min(case when is_reportable then score_value end) as worst_score_value,
        stddev_pop(case when is_reportable then score_value end) as score_value_standard_deviation
    from scored
    group by 1, 2, 3
),

final as (
    select
        scored.business_model || '|' || scored.journey_stage || '|' || scored.survey_type || '|'
        || scored.channel as channel_consistency_id,
        scored.business_model,
        scored.journey_stage,
        journey_stages.stage_order,
        scored.survey_type,
        scored.channel,
        cast(scored.responses as {{ dbt.type_bigint() }}) as responses,
        cast(scored.promoters as {{ dbt.type_bigint() }}) as promoters,
        cast(scored.detractors as {{ dbt.type_bigint() }}) as detractors,
        cast(scored.top_box_responses as {{ dbt.type_bigint() }}) as top_box_responses,
        scored.mean_score,
        scored.score_value,
        scored.score_margin_of_error,
        scored.is_reportable,
        cast(spreads.channels as {{ dbt.type_bigint() }}) as stage_channels,
        cast(spreads.reportable_channels as {{ dbt.type_bigint() }}) as stage_reportable_channels,
        case
            when spreads.reportable_channels >= 2
                then spreads.best_score_value - spreads.worst_score_value
        end as stage_score_spread,
        case
            when spreads.reportable_channels >= 2 then spreads.score_value_standard_deviation
        end as stage_score_standard_deviation,
        case
            when scored.is_reportable and spreads.reportable_channels >= 2
                then spreads.best_score_value - scored.score_value
        end as gap_to_best_channel,
        cast({{ min_responses }} as {{ dbt.type_bigint() }}) as min_reportable_responses
    from scored
    inner join spreads
        on
            scored.business_model = spreads.business_model
            and scored.journey_stage = spreads.journey_stage
            and scored.survey_type = spreads.survey_type
    left join journey_stages
        on scored.journey_stage = journey_stages.journey_stage
)

select * from final
