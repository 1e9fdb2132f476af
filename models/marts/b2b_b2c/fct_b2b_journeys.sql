{#- One row per B2B opportunity cycle: each CRM opportunity of an account, plus one row for each
    B2B account without any opportunity (opportunity_id null). Touchpoints of the account are
    credited to the opportunity most recently created at the time (touchpoints before the
    account's first opportunity go to the first one). Per row: buying-group size (CRM contacts
    of the account) and its decision makers, people and decision makers engaged (distinct
    stitched people with touchpoints; decision maker per int_person_accounts_resolved),
    sales-cycle length (created -> closed, days), win/loss, CRM stages reached
    (int_opportunity_stages_mapped), touchpoints per journey stage, first/last touch, segment
    of the account. -#}
{%- set stages = journey_stages() -%}
with

stg_crm__opportunities as (
    select * from {{ ref('stg_crm__opportunities') }}
),

stg_crm__accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

stg_crm__contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

int_person_accounts_resolved as (
    select * from {{ ref('int_person_accounts_resolved') }}
),

int_opportunity_stages_mapped as (
    select * from {{ ref('int_opportunity_stages_mapped') }}
),

fct_touchpoints as (
    select * from {{ ref('fct_touchpoints') }}
),

fct_journeys as (
    select * from {{ ref('fct_journeys') }}
),

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

int_fx_rates_resolved as (
    select * from {{ ref('int_fx_rates_resolved') }}
),

-- amounts in the reporting currency, at the rate of the close (of the creation while open)
opportunities_converted as (
    select
        stg_crm__opportunities.opportunity_id,
        stg_crm__opportunities.account_id,
        stg_crm__opportunities.created_at,
        stg_crm__opportunities.closed_at,
        stg_crm__opportunities.opportunity_status,
        stg_crm__opportunities.is_won,
        stg_crm__opportunities.amount * int_fx_rates_resolved.to_reporting_rate as amount,
        int_fx_rates_resolved.reporting_currency as currency
    from stg_crm__opportunities
    left join int_fx_rates_resolved
        on
            stg_crm__opportunities.currency = int_fx_rates_resolved.currency
            and stg_crm__opportunities.rate_date >= int_fx_rates_resolved.valid_from_date
            and stg_crm__opportunities.rate_date < int_fx_rates_resolved.valid_to_date
),

opportunities as (
    select
        opportunity_id,
        account_id,
        created_at,
        closed_at,
        opportunity_status,
        is_won,
        amount,
        currency,
        -- a bigint on every engine (Spark's row_number is an int)
        cast(row_number() over (
            partition by account_id order by created_at, opportunity_id
        ) as {{ dbt.type_bigint() }}) as opportunity_number,
        lead(created_at) over (
            partition by account_id order by created_at, opportunity_id
        ) as next_created_at
    from opportunities_converted
),

accounts_without_opportunities as (
    select fct_journeys.account_id
    from fct_journeys
    left join stg_crm__opportunities
        on fct_journeys.account_id = stg_crm__opportunities.account_id
    where
        fct_journeys.business_model = 'b2b'
        and stg_crm__opportunities.opportunity_id is null
),

cycles as (
    select
        account_id,
        opportunity_id,
        opportunity_number,
        created_at,
        next_created_at,
        closed_at,
        opportunity_status,
        is_won,
        amount,
        currency
    from opportunities

    union all

    select
        account_id,
        cast(null as {{ dbt.type_string() }}) as opportunity_id,
        cast(1 as {{ dbt.type_bigint() }}) as opportunity_number,
        cast(null as {{ dbt.type_timestamp() }}) as created_at,
        cast(null as {{ dbt.type_timestamp() }}) as next_created_at,
        cast(null as {{ dbt.type_timestamp() }}) as closed_at,
        cast(null as {{ dbt.type_string() }}) as opportunity_status,
        cast(null as {{ dbt.type_boolean() }}) as is_won,
        cast(null as {{ dbt.type_numeric() }}) as amount,
        cast(null as {{ dbt.type_string() }}) as currency
    from accounts_without_opportunities
),

cycle_touchpoints as (
    select
        cycles.account_id,
        cycles.opportunity_id,
        fct_touchpoints.event_id,
        fct_touchpoints.occurred_at,
        fct_touchpoints.person_id,
        fct_touchpoints.channel,
        fct_touchpoints.journey_stage,
        coalesce(int_person_accounts_resolved.is_decision_maker, false) as is_decision_maker,
        coalesce(int_person_accounts_resolved.is_crm_contact, false) as is_crm_contact
    from cycles
    inner join fct_touchpoints
        on
            cycles.account_id = fct_touchpoints.account_id
            and fct_touchpoints.business_model = 'b2b'
            and (cycles.opportunity_number = 1 or cycles.created_at <= fct_touchpoints.occurred_at)
            and (
                cycles.next_created_at is null
                or cycles.next_created_at > fct_touchpoints.occurred_at
            )
    left join int_person_accounts_resolved
        on fct_touchpoints.person_id = int_person_accounts_resolved.person_id
),

ordered_touchpoints as (
    select
        *,
        row_number() over (
            partition by account_id, opportunity_id order by occurred_at, event_id
        ) as touch_rank_first,
        row_number() over (
            partition by account_id, opportunity_id order by occurred_at desc, event_id desc
        ) as touch_rank_last
    from cycle_touchpoints
),

touch_summary as (
    select
        account_id,
        opportunity_id,
        count(*) as touchpoint_count,
        count(distinct person_id) as people_engaged,
        count(distinct case when is_decision_maker then person_id end)
            as decision_makers_engaged,
        count(distinct case when is_crm_contact then person_id end) as contacts_engaged,
        min(occurred_at) as first_touch_at,
        max(occurred_at) as last_touch_at,
        min(case when touch_rank_first = 1 then channel end) as first_touch_channel,
        min(case when touch_rank_last = 1 then channel end) as last_touch_channel,
        {% for stage in stages -%}
            cast(
                sum(case when journey_stage = '{{ stage }}' then 1 else 0 end)
                as {{ dbt.type_bigint() }}
            ) as {{ stage }}_touchpoints{% if not loop.last %},{% endif %}
        {% endfor %}
    from ordered_touchpoints
    group by 1, 2
),

buying_groups as (
    select
        account_id,
        count(*) as buying_group_size,
        cast(sum(case when is_decision_maker then 1 else 0 end) as {{ dbt.type_bigint() }})
            as decision_makers_in_buying_group
    from stg_crm__contacts
    group by 1
),

ranked_stages as (
    select
        opportunity_id,
        b2b_stage,
        b2b_stage_order,
        journey_stage,
        row_number() over (
            partition by opportunity_id order by b2b_stage_order desc, entered_at desc
        ) as stage_rank
    from int_opportunity_stages_mapped
),

crm_stages as (
    select
        opportunity_id,
        count(distinct b2b_stage) as b2b_stages_reached,
        min(case when stage_rank = 1 then b2b_stage end) as furthest_b2b_stage,
        min(case when stage_rank = 1 then journey_stage end) as furthest_journey_stage
    from ranked_stages
    group by 1
),

final as (
    select
        'b2b:' || cycles.account_id || '|' || coalesce(cycles.opportunity_id, '(none)')
            as opportunity_journey_id,
        'b2b:' || cycles.account_id as journey_id,
        cycles.account_id,
        cycles.opportunity_id,
        cycles.opportunity_id is not null as has_opportunity,
        case when cycles.opportunity_id is not null then cycles.opportunity_number end
            as opportunity_number,
        stg_crm__accounts.industry,
        stg_crm__accounts.employee_band,
        dim_segments.segment,
        cycles.opportunity_status,
        cycles.opportunity_status in ('won', 'lost') as is_closed,
        cycles.is_won,
        cycles.created_at as opportunity_created_at,
        cycles.closed_at as opportunity_closed_at,
        case
            when cycles.closed_at is not null
                then greatest({{ days_between('cycles.created_at', 'cycles.closed_at') }}, 0)
        end as sales_cycle_days,
        cast(cycles.amount as decimal(18, 2)) as amount,
        cycles.currency,
        coalesce(buying_groups.buying_group_size, 0) as buying_group_size,
        coalesce(buying_groups.decision_makers_in_buying_group, 0)
            as decision_makers_in_buying_group,
        coalesce(touch_summary.people_engaged, 0) as people_engaged,
        coalesce(touch_summary.decision_makers_engaged, 0) as decision_makers_engaged,
        -- buying-group coverage: the share of the account's CRM contacts (and of its decision
        -- makers) that engaged during the opportunity
        {{ ratio(
            'coalesce(touch_summary.contacts_engaged, 0)', 'buying_groups.buying_group_size'
        ) }} as buying_group_coverage,
        {{ ratio(
            'coalesce(touch_summary.decision_makers_engaged, 0)',
            'buying_groups.decision_makers_in_buying_group'
        ) }} as decision_maker_coverage,
        coalesce(crm_stages.b2b_stages_reached, 0) as b2b_stages_reached,
        crm_stages.furthest_b2b_stage,
        crm_stages.furthest_journey_stage,
        coalesce(touch_summary.touchpoint_count, 0) as touchpoint_count,
        {% for stage in stages -%}
            coalesce(touch_summary.{{ stage }}_touchpoints, 0) as {{ stage }}_touchpoints,
        {% endfor -%}
        touch_summary.first_touch_at,
        touch_summary.last_touch_at,
        touch_summary.first_touch_channel,
        touch_summary.last_touch_channel
    from cycles
    left join touch_summary
        on
            cycles.account_id = touch_summary.account_id
            and coalesce(cycles.opportunity_id, '(none)')
            = coalesce(touch_summary.opportunity_id, '(none)')
    left join buying_groups
        on cycles.account_id = buying_groups.account_id
    left join crm_stages
        on cycles.opportunity_id = crm_stages.opportunity_id
    left join stg_crm__accounts
        on cycles.account_id = stg_crm__accounts.account_id
    left join dim_segments
        on 'b2b:' || cycles.account_id = dim_segments.journey_id
)

select * from final
