{#- One row per converted journey (B2C person, B2B account) and cohort period, from its
    acquisition period (first conversion) to the reference period, with its activity, status
    and the run-rate revenue bridge that rpt_revenue_retention sums up.
    Statuses, in this order:
      new          the acquisition period (period_offset 0);
      reactivated  active, and the previous period was churned or lost;
      expanded     active, revenue > previous active period's revenue * (1 + tolerance);
      contracted   active, revenue < previous active period's revenue * (1 - tolerance);
      retained     active otherwise (revenue roughly flat);
      churned      not active, and at the period's observed end more than
                   `churn_inactivity_days` days have passed since the last conversion, while at
                   the end of the previous period they had not (first such period);
      lost         not active and already beyond the window at the previous period's end;
      dormant      not active, still within the window.
    Tolerance: var `retention_flat_tolerance` (default 0.1, i.e. +-10 %). -#}
{%- set churn_days = var('churn_inactivity_days') -%}
{%- set tolerance = var('retention_flat_tolerance', 0.1) -%}
with

int_journey_periods_aggregated as (
    select * from {{ ref('int_journey_periods_aggregated') }}
),

int_retention_periods_spined as (
    select * from {{ ref('int_retention_periods_spined') }}
),

dim_segments as (
    select * from {{ ref('dim_segments') }}
),

journeys as (
    select
        journey_id,
        min(business_model) as business_model,
        min(period_number) as cohort_period_number,
        min(period_start_date) as cohort_period_start_date,
        {{ currency_label('currency') }} as currency
    from int_journey_periods_aggregated
    group by 1
),

panel as (
    select
        journeys.journey_id,
        journeys.business_model,
        journeys.cohort_period_start_date,
        int_retention_periods_spined.period_number,
        int_retention_periods_spined.period_number - journeys.cohort_period_number
            as period_offset,
        int_retention_periods_spined.period_start_date,
        int_retention_periods_spined.period_end_date,
        int_retention_periods_spined.observed_end_date,
        int_retention_periods_spined.is_complete_period,
        int_journey_periods_aggregated.journey_id is not null as is_active,
        coalesce(int_journey_periods_aggregated.conversion_count, 0) as conversion_count,
        coalesce(int_journey_periods_aggregated.net_revenue, 0) as net_revenue,
        journeys.currency,
        int_journey_periods_aggregated.last_converted_date as last_converted_date_in_period
    from journeys
    inner join int_retention_periods_spined
        on journeys.cohort_period_number <= int_retention_periods_spined.period_number
    left join int_journey_periods_aggregated
        on
            journeys.journey_id = int_journey_periods_aggregated.journey_id
            and int_retention_periods_spined.period_number
            = int_journey_periods_aggregated.period_number
),

running as (
    select
        *,
        max(last_converted_date_in_period) over (
            partition by journey_id order by period_number
            rows between unbounded preceding and current row
        ) as last_converted_date,
        max(case when is_active then period_number end) over (
            partition by journey_id order by period_number
            rows between unbounded preceding and 1 preceding
        ) as previous_active_period_number
    from panel
),

inactivity as (
    select
        *,
        {{ dbt.datediff('last_converted_date', 'observed_end_date', 'day') }}
            as days_since_last_conversion
    from running
),

windowed as (
    select
        *,
        not is_active and days_since_last_conversion > {{ churn_days }} as is_beyond_window
    from inactivity
),

with_previous as (
    select
        windowed.*,
        coalesce(
            lag(windowed.is_beyond_window) over (
                partition by windowed.journey_id order by windowed.period_number
            ),
            false
        ) as was_beyond_window,
        previous_active.period_start_date as previous_active_period_start_date,
        previous_active.net_revenue as previous_active_net_revenue
    from windowed
    left join int_journey_periods_aggregated as previous_active
        on
            windowed.journey_id = previous_active.journey_id
            and windowed.previous_active_period_number = previous_active.period_number
),

classified as (
    select
        *,
        case
            when period_offset = 0 then 'new'
            when is_active and was_beyond_window then 'reactivated'
            when is_active and net_revenue > previous_active_net_revenue * (1 + {{ tolerance }})
                then 'expanded'
            when is_active and net_revenue < previous_active_net_revenue * (1 - {{ tolerance }})
                then 'contracted'
            when is_active then 'retained'
            when is_beyond_window and was_beyond_window then 'lost'
            when is_beyond_window then 'churned'
            else 'dormant'
        end as customer_status,
        -- live (not churned) at the end of the previous period: the base of NRR and GRR
        period_offset > 0 and not was_beyond_window as is_in_retention_base
    from with_previous
),

bridged as (
    select
        *,
        case when is_in_retention_base then previous_active_net_revenue else 0 end
            as starting_revenue,
        case
            when is_active then net_revenue
            when is_beyond_window then 0
            else previous_active_net_revenue
        end as ending_revenue,
        case when customer_status = 'new' then net_revenue else 0 end as new_revenue,
        case when customer_status = 'reactivated' then net_revenue else 0 end
            as reactivated_revenue,
        case
            when
                customer_status in ('retained', 'expanded', 'contracted')
                and net_revenue > previous_active_net_revenue
                then net_revenue - previous_active_net_revenue
            else 0
        end as expansion_revenue,
        case
            when
                customer_status in ('retained', 'expanded', 'contracted')
                and net_revenue < previous_active_net_revenue
                then previous_active_net_revenue - net_revenue
            else 0
        end as contraction_revenue,
        case when customer_status = 'churned' then previous_active_net_revenue else 0 end
            as churned_revenue
    from classified
),

final as (
    select
        bridged.journey_id || '|' || cast(bridged.period_start_date as {{ dbt.type_string() }})
            as customer_period_id,
        bridged.journey_id,
        bridged.business_model,
        dim_segments.segment,
        bridged.cohort_period_start_date,
        bridged.period_start_date,
        bridged.period_end_date,
        bridged.observed_end_date,
        bridged.is_complete_period,
        bridged.period_offset,
        bridged.is_active,
        bridged.conversion_count,
        bridged.last_converted_date,
        bridged.days_since_last_conversion,
        bridged.previous_active_period_start_date,
        bridged.customer_status,
        bridged.is_in_retention_base,
        cast(bridged.net_revenue as decimal(18, 2)) as net_revenue,
        cast(bridged.previous_active_net_revenue as decimal(18, 2)) as previous_active_net_revenue,
        cast(bridged.starting_revenue as decimal(18, 2)) as starting_revenue,
        cast(bridged.new_revenue as decimal(18, 2)) as new_revenue,
        cast(bridged.reactivated_revenue as decimal(18, 2)) as reactivated_revenue,
        cast(bridged.expansion_revenue as decimal(18, 2)) as expansion_revenue,
        cast(bridged.contraction_revenue as decimal(18, 2)) as contraction_revenue,
        cast(bridged.churned_revenue as decimal(18, 2)) as churned_revenue,
        cast(bridged.ending_revenue as decimal(18, 2)) as ending_revenue,
        bridged.currency
    from bridged
    left join dim_segments
        on bridged.journey_id = dim_segments.journey_id
)

select * from final
