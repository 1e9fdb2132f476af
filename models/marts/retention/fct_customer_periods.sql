{#- One row per converted journey and cohort period, on its business model's grain, from its
    acquisition period to the reference period: activity, status and the booked-revenue bridge
    that rpt_revenue_retention sums up. Definitions in _retention__models.yml. -#}
{%- set churn_days = var('churn_inactivity_days') -%}
{%- set tolerance = var('retention_flat_tolerance') -%}
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

fct_journeys as (
    select * from {{ ref('fct_journeys') }}
),

journeys as (
    select
        journey_id,
        min(business_model) as business_model,
        min(period_number) as cohort_period_number,
        min(period_start_date) as cohort_period_start_date,
        min(first_converted_date) as first_converted_date,
        {{ currency_label('currency') }} as currency
    from int_journey_periods_aggregated
    group by 1
),

panel as (
    select
        journeys.journey_id,
        journeys.business_model,
        journeys.cohort_period_start_date,
        journeys.first_converted_date,
        int_retention_periods_spined.period_grain,
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
        on
            journeys.business_model = int_retention_periods_spined.business_model
            and journeys.cohort_period_number <= int_retention_periods_spined.period_number
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
        max(case when is_active then period_start_date end) over (
            partition by journey_id order by period_number
            rows between unbounded preceding and 1 preceding
        ) as previous_active_period_start_date,
        coalesce(
            lag(is_active) over (partition by journey_id order by period_number), false
        ) as was_active_in_previous_period,
        coalesce(
            lag(net_revenue) over (partition by journey_id order by period_number), 0
        ) as previous_period_net_revenue
    from panel
),

windowed as (
    select
        *,
        not is_active
        and {{ dbt.datediff('last_converted_date', 'observed_end_date', 'day') }} > {{ churn_days }}
            as is_beyond_window,
        {{ dbt.datediff('last_converted_date', 'observed_end_date', 'day') }}
            as days_since_last_conversion
    from running
),

classified as (
    select
        *,
        case
            when period_offset = 0 then 'new'
            when is_active and not was_active_in_previous_period and was_beyond_window
                then 'reactivated'
            when is_active and not was_active_in_previous_period then 'returning'
            when is_active and net_revenue > previous_period_net_revenue * (1 + {{ tolerance }})
                then 'expanded'
            when is_active and net_revenue < previous_period_net_revenue * (1 - {{ tolerance }})
                then 'contracted'
            when is_active then 'retained'
            when is_beyond_window and was_beyond_window then 'lost'
            when is_beyond_window then 'churned'
            else 'dormant'
        end as customer_status,
        -- booked revenue in the previous period: the base of NRR and GRR
        period_offset > 0 and was_active_in_previous_period as is_in_retention_base
    from (
        select
            *,
            coalesce(
                lag(is_beyond_window) over (partition by journey_id order by period_number),
                false
            ) as was_beyond_window
        from windowed
    ) as with_previous_window
),

bridged as (
    select
        *,
        case when is_in_retention_base then previous_period_net_revenue else 0 end
            as starting_revenue,
        case when customer_status = 'new' then net_revenue else 0 end as new_revenue,
        case when customer_status = 'returning' then net_revenue else 0 end
            as returning_revenue,
        case when customer_status = 'reactivated' then net_revenue else 0 end
            as reactivated_revenue,
        case
            when is_in_retention_base and is_active and net_revenue > previous_period_net_revenue
                then net_revenue - previous_period_net_revenue
            else 0
        end as expansion_revenue,
        case
            when is_in_retention_base and is_active and net_revenue < previous_period_net_revenue
                then previous_period_net_revenue - net_revenue
            else 0
        end as contraction_revenue,
        case when is_in_retention_base and not is_active then previous_period_net_revenue else 0 end
            as lapsed_revenue
    from classified
),

acquisition as (
    select
        journeys.journey_id,
        case
            when cast(fct_journeys.first_touch_at as date) <= journeys.first_converted_date
                then fct_journeys.first_touch_channel
            else 'none'
        end as acquisition_channel
    from journeys
    left join fct_journeys
        on journeys.journey_id = fct_journeys.journey_id
),

final as (
    select
        bridged.journey_id || '|' || cast(bridged.period_start_date as {{ dbt.type_string() }})
            as customer_period_id,
        bridged.journey_id,
        bridged.business_model,
        coalesce(acquisition.acquisition_channel, 'none') as acquisition_channel,
        coalesce(dim_segments.segment, 'prospect') as current_segment,
        bridged.period_grain,
        bridged.cohort_period_start_date,
        bridged.period_start_date,
        bridged.period_end_date,
        bridged.observed_end_date,
        bridged.is_complete_period,
        bridged.period_offset,
        bridged.is_active,
        bridged.was_active_in_previous_period,
        bridged.conversion_count,
        bridged.last_converted_date,
        bridged.days_since_last_conversion,
        bridged.previous_active_period_start_date,
        bridged.customer_status,
        bridged.is_in_retention_base,
        cast(bridged.net_revenue as decimal(18, 2)) as net_revenue,
        cast(bridged.previous_period_net_revenue as decimal(18, 2)) as previous_period_net_revenue,
        cast(bridged.starting_revenue as decimal(18, 2)) as starting_revenue,
        cast(bridged.new_revenue as decimal(18, 2)) as new_revenue,
        cast(bridged.returning_revenue as decimal(18, 2)) as returning_revenue,
        cast(bridged.reactivated_revenue as decimal(18, 2)) as reactivated_revenue,
        cast(bridged.expansion_revenue as decimal(18, 2)) as expansion_revenue,
        cast(bridged.contraction_revenue as decimal(18, 2)) as contraction_revenue,
        cast(bridged.lapsed_revenue as decimal(18, 2)) as lapsed_revenue,
        cast(bridged.net_revenue as decimal(18, 2)) as ending_revenue,
        bridged.currency
    from bridged
    left join acquisition
        on bridged.journey_id = acquisition.journey_id
    left join dim_segments
        on bridged.journey_id = dim_segments.journey_id
)

select * from final
