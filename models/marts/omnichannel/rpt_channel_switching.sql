{#- Channel switching: journeys by the channel switches the customer made on the way to the
    first conversion (all the way when they never converted): a switch is an inbound touchpoint
    (one the customer started: search, direct, app, contact centre, store, ...; seed channels)
    on another channel than the inbound touchpoint before it (app -> app -> contact_center_call
    -> store = 2 switches); outbound touches (ads, e-mails, sales calls) are what the company
    sent, not a switch. Journeys without an inbound touchpoint before the outcome are left out. Per
    business model and number of switches (var `omnichannel_max_switches` and more share the
    last bucket): journeys, how many converted, and the survey scores of those journeys (CSAT
    top-box share and mean, NPS), reportable from var `voc_min_responses` responses. -#}
{%- set max_switches = var('omnichannel_max_switches') -%}
{%- set min_responses = var('voc_min_responses') -%}
with

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

fct_feedback_responses as (
    select * from {{ ref('fct_feedback_responses') }}
),

first_conversions as (
    select
        journey_id,
        min(converted_at) as first_converted_at
    from fct_conversions
    group by 1
),

touches_before_outcome as (
    select
        fct_touchpoints.journey_id,
        fct_touchpoints.business_model,
        fct_touchpoints.channel,
        lag(fct_touchpoints.channel) over (
            partition by fct_touchpoints.journey_id
            order by fct_touchpoints.occurred_at, fct_touchpoints.event_id
        ) as previous_channel
    from fct_touchpoints
    left join first_conversions
        on fct_touchpoints.journey_id = first_conversions.journey_id
    where
        fct_touchpoints.direction = 'inbound'
        and (
            first_conversions.first_converted_at is null
            or fct_touchpoints.occurred_at <= first_conversions.first_converted_at
        )
),

journeys as (
    select
        touches_before_outcome.journey_id,
        touches_before_outcome.business_model,
        sum(
            case
                when touches_before_outcome.channel <> touches_before_outcome.previous_channel
                    then 1
                else 0
            end
        ) as channel_switches,
        count(distinct touches_before_outcome.channel) as channels_used
    from touches_before_outcome
    group by 1, 2
),

bucketed as (
    select
        journeys.*,
        case
            when journeys.channel_switches >= {{ max_switches }} then {{ max_switches }}
            else journeys.channel_switches
        end as switch_bucket,
        first_conversions.journey_id is not null as is_converted
    from journeys
    left join first_conversions
        on journeys.journey_id = first_conversions.journey_id
),

journey_counts as (
    select
        business_model,
        switch_bucket,
        count(*) as journeys,
        sum(case when is_converted then 1 else 0 end) as converted_journeys,
        avg(cast(channel_switches as {{ type_double() }})) as mean_channel_switches,
        avg(cast(channels_used as {{ type_double() }})) as mean_channels_used
    from bucketed
    group by 1, 2
),

survey_counts as (
    select
        bucketed.business_model,
        bucketed.switch_bucket,
        sum(case when fct_feedback_responses.survey_type = 'csat' then 1 else 0 end)
            as csat_responses,
        sum(
            case
                when
                    fct_feedback_responses.survey_type = 'csat'
                    and fct_feedback_responses.is_top_box
                    then 1
                else 0
            end
        ) as csat_top_box_responses,
        avg(
            case
                when fct_feedback_responses.survey_type = 'csat'
                    then cast(fct_feedback_responses.score as {{ type_double() }})
            end
        ) as csat_mean_score,
        sum(case when fct_feedback_responses.survey_type = 'nps' then 1 else 0 end)
            as nps_responses,
        sum(case when fct_feedback_responses.is_promoter then 1 else 0 end) as promoters,
        sum(case when fct_feedback_responses.is_detractor then 1 else 0 end) as detractors
    from bucketed
    inner join fct_feedback_responses
        on bucketed.journey_id = fct_feedback_responses.journey_id
    group by 1, 2
),

business_model_totals as (
    select
        business_model,
        count(*) as all_journeys,
        avg(cast(channel_switches as {{ type_double() }})) as mean_switches_per_journey
    from bucketed
    group by 1
),

final as (
    select
        journey_counts.business_model || '|'
        || cast(journey_counts.switch_bucket as {{ dbt.type_string() }}) as channel_switching_id,
        journey_counts.business_model,
        cast(journey_counts.switch_bucket as {{ dbt.type_bigint() }}) as switch_bucket,
        case
            when journey_counts.switch_bucket = {{ max_switches }}
                then '{{ max_switches }}+'
            else cast(journey_counts.switch_bucket as {{ dbt.type_string() }})
        end as switch_label,
        cast(journey_counts.journeys as {{ dbt.type_bigint() }}) as journeys,
        {{ ratio('journey_counts.journeys', 'business_model_totals.all_journeys') }}
            as share_of_journeys,
        cast(journey_counts.converted_journeys as {{ dbt.type_bigint() }}) as converted_journeys,
        {{ ratio('journey_counts.converted_journeys', 'journey_counts.journeys') }}
            as conversion_rate,
        journey_counts.mean_channel_switches,
        journey_counts.mean_channels_used,
        business_model_totals.mean_switches_per_journey,
        cast(coalesce(survey_counts.csat_responses, 0) as {{ dbt.type_bigint() }})
            as csat_responses,
        {{ ratio('survey_counts.csat_top_box_responses', 'survey_counts.csat_responses') }}
            as csat_top_box_share,
        survey_counts.csat_mean_score,
        coalesce(survey_counts.csat_responses, 0) >= {{ min_responses }} as is_csat_reportable,
        cast(coalesce(survey_counts.nps_responses, 0) as {{ dbt.type_bigint() }})
            as nps_responses,
        {{ ratio(
            '100.0 * (survey_counts.promoters - survey_counts.detractors)',
            'survey_counts.nps_responses'
        ) }} as nps,
        coalesce(survey_counts.nps_responses, 0) >= {{ min_responses }} as is_nps_reportable,
        cast({{ min_responses }} as {{ dbt.type_bigint() }}) as min_reportable_responses
    from journey_counts
    inner join business_model_totals
        on journey_counts.business_model = business_model_totals.business_model
    left join survey_counts
        on
            journey_counts.business_model = survey_counts.business_model
            and journey_counts.switch_bucket = survey_counts.switch_bucket
)

select * from final
