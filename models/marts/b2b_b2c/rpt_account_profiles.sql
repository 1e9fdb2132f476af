{#- One row per B2B account a reader can open (accounts deleted in the CRM are left out, as in
    the pipeline): the company, its buying group, its journey, its opportunities, its value and
    its feedback. Company names are business data, not personal data: contacts appear only as
    counts. -#}
with

fct_journeys as (
    select * from {{ ref('fct_journeys') }}
),

fct_b2b_journeys as (
    select * from {{ ref('fct_b2b_journeys') }}
),

fct_customer_lifetime_values as (
    select * from {{ ref('fct_customer_lifetime_values') }}
),

fct_feedback_responses as (
    select * from {{ ref('fct_feedback_responses') }}
),

stg_crm__accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

journey_stages as (
    select * from {{ ref('journey_stages') }}
),

account_journeys as (
    select * from fct_journeys
    where business_model = 'b2b' and account_id is not null
),

opportunities as (
    select
        account_id,
        min(segment) as segment,
        max(buying_group_size) as buying_group_size,
        max(decision_makers_in_buying_group) as decision_makers_in_buying_group,
        max(decision_makers_engaged) as decision_makers_engaged,
        count(opportunity_id) as opportunities,
        count(case when opportunity_status = 'open' then 1 end) as open_opportunities,
        count(case when is_won then 1 end) as won_opportunities,
        count(case when is_closed and not is_won then 1 end) as lost_opportunities,
        sum(case when is_won then amount else 0 end) as won_amount,
        sum(case when opportunity_status = 'open' then amount else 0 end) as open_amount,
        {{ currency_label('currency') }} as currency
    from fct_b2b_journeys
    group by 1
),

feedback as (
    select
        account_id,
        count(*) as feedback_responses,
        count(case when survey_type = 'nps' then 1 end) as nps_responses,
        count(case when is_detractor or is_low_score then 1 end) as unhappy_responses,
        avg(score_normalized) as mean_score_normalized,
        max(responded_at) as last_responded_at
    from fct_feedback_responses
    where business_model = 'b2b' and account_id is not null
    group by 1
),

final as (
    select
        account_journeys.account_id,
        account_journeys.journey_id,
        coalesce(stg_crm__accounts.account_name, '(not in the CRM)') as account_name,
        stg_crm__accounts.industry,
        stg_crm__accounts.employee_band,
        stg_crm__accounts.country,
        opportunities.segment,
        coalesce(opportunities.buying_group_size, 0) as buying_group_size,
        coalesce(opportunities.decision_makers_in_buying_group, 0)
            as decision_makers_in_buying_group,
        account_journeys.people_engaged,
        coalesce(opportunities.decision_makers_engaged, 0) as decision_makers_engaged,
        account_journeys.first_touch_at,
        account_journeys.last_touch_at,
        account_journeys.touchpoint_count,
        account_journeys.channel_count,
        journey_stages.journey_stage as furthest_journey_stage,
        coalesce(opportunities.opportunities, 0) as opportunities,
        coalesce(opportunities.open_opportunities, 0) as open_opportunities,
        coalesce(opportunities.won_opportunities, 0) as won_opportunities,
        coalesce(opportunities.lost_opportunities, 0) as lost_opportunities,
        cast(coalesce(opportunities.won_amount, 0) as decimal(18, 2)) as won_amount,
        cast(coalesce(opportunities.open_amount, 0) as decimal(18, 2)) as open_amount,
        coalesce(opportunities.currency, '{{ var("reporting_currency") }}') as currency,
        fct_customer_lifetime_values.historical_clv,
        fct_customer_lifetime_values.predicted_clv,
        fct_customer_lifetime_values.probability_alive,
        coalesce(feedback.feedback_responses, 0) as feedback_responses,
        coalesce(feedback.unhappy_responses, 0) as unhappy_responses,
        feedback.mean_score_normalized,
        feedback.last_responded_at
    from account_journeys
    left join stg_crm__accounts
        on account_journeys.account_id = stg_crm__accounts.account_id
    left join opportunities
        on account_journeys.account_id = opportunities.account_id
    left join journey_stages
        on account_journeys.furthest_stage_order = journey_stages.stage_order
    left join fct_customer_lifetime_values
        on account_journeys.journey_id = fct_customer_lifetime_values.journey_id
    left join feedback
        on account_journeys.account_id = feedback.account_id
    where stg_crm__accounts.deleted_at is null
)

select * from final
