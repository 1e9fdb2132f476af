{#- The closed loop: every unhappy response (NPS detractor 0-6, CSAT 1-2, CES 1-3: score <=
    detractor_max of the survey_types seed) of an identified journey, with its touchpoint, theme
    and comment, and whether the customer recovered within var `detractor_recovery_days` after
    it: a later top-box response of the same journey (an NPS promoter, CSAT 4-5, CES 6-7), or a
    later conversion (a B2C purchase, a B2B won deal: a renewal, an expansion or a new deal).
    The first such event is the recovery; on a tie the conversion counts. -#}
{%- set recovery_days = var('detractor_recovery_days') -%}
with

fct_feedback_responses as (
    select * from {{ ref('fct_feedback_responses') }}
),

fct_conversions as (
    select * from {{ ref('fct_conversions') }}
),

int_reference_dates_computed as (
    select * from {{ ref('int_reference_dates_computed') }}
),

cases as (
    select
        *,
        {{ dbt.dateadd('day', recovery_days, 'responded_at') }} as recovery_window_end_at
    from fct_feedback_responses
    where is_low_score and journey_id is not null
),

later_top_box_responses as (
    select
        cases.response_id,
        min(later.responded_at) as recovered_at
    from cases
    inner join fct_feedback_responses as later
        on
            cases.journey_id = later.journey_id
            and cases.responded_at < later.responded_at
            and cases.recovery_window_end_at >= later.responded_at
    where later.is_top_box
    group by 1
),

later_conversions as (
    select
        cases.response_id,
        min(fct_conversions.converted_at) as recovered_at
    from cases
    inner join fct_conversions
        on
            cases.journey_id = fct_conversions.journey_id
            and cases.responded_at < fct_conversions.converted_at
            and cases.recovery_window_end_at >= fct_conversions.converted_at
    group by 1
),

recovered as (
    select
        cases.*,
        case
            when
                later_conversions.recovered_at is not null
                and (
                    later_top_box_responses.recovered_at is null
                    or later_conversions.recovered_at <= later_top_box_responses.recovered_at
                )
                then later_conversions.recovered_at
            else later_top_box_responses.recovered_at
        end as recovered_at,
        case
            when
                later_conversions.recovered_at is not null
                and (
                    later_top_box_responses.recovered_at is null
                    or later_conversions.recovered_at <= later_top_box_responses.recovered_at
                )
                then case when cases.business_model = 'b2b' then 'won_deal' else 'purchase' end
            when later_top_box_responses.recovered_at is not null then 'promoter_response'
        end as recovery_type,
        int_reference_dates_computed.reference_date
    from cases
    cross join int_reference_dates_computed
    left join later_top_box_responses
        on cases.response_id = later_top_box_responses.response_id
    left join later_conversions
        on cases.response_id = later_conversions.response_id
),

final as (
    select
        response_id,
        responded_at,
        responded_date,
        business_model,
        journey_id,
        person_id,
        account_id,
        survey_type,
        score,
        coalesce(touchpoint_event_type, '(none)') as touchpoint_event_type,
        coalesce(channel, '(none)') as channel,
        coalesce(touchpoint_journey_stage, '(none)') as journey_stage,
        coalesce(primary_theme, '(none)') as primary_theme,
        sentiment_label,
        language_code,
        comment_text,
        was_customer_at_response,
        cast({{ recovery_days }} as {{ dbt.type_bigint() }}) as recovery_window_days,
        cast(recovery_window_end_at as date) as recovery_window_end_date,
        recovered_at,
        recovery_type,
        recovered_at is not null as is_recovered,
        cast(recovery_window_end_at as date) <= reference_date as is_window_closed,
        case
            when recovered_at is not null then 'recovered'
            when cast(recovery_window_end_at as date) <= reference_date then 'not_recovered'
            else 'open'
        end as follow_up_status,
        cast(
            {{ dbt.datediff('responded_date', 'cast(recovered_at as date)', 'day') }}
            as {{ dbt.type_bigint() }}
        ) as days_to_recovery,
        cast(
            {{ dbt.datediff(
                'responded_date', 'coalesce(cast(recovered_at as date), reference_date)', 'day'
            ) }} as {{ dbt.type_bigint() }}
        ) as days_open
    from recovered
)

select * from final
