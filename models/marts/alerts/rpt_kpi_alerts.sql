{#- KPI moves against the previous month, the input of the pipeline's KPI alerts
    (journey_warehouse.alerts writes one alert per row with is_alert after each gated run).
    Survey scores per touchpoint (rpt_voice_of_customer, dimension event_type): NPS in points,
    CSAT and CES top-box share in percent; this month so far (the month of the reference date)
    against the month before, both with at least var `voc_min_responses` responses. Funnel steps
    (rpt_stage_funnel_by_cohort, all entry channels): the conversion into each stage from the one
    before, in percent, of the last complete cohort month against the month before it, both
    reportable (var `funnel_min_journeys` journeys at the previous stage); the cohort of the
    running month is still filling and is not compared. A row is an alert when the change is at
    least its threshold (vars `kpi_alert_nps_points`, `kpi_alert_top_box_points`,
    `kpi_alert_funnel_points`), either way. Reads the two reports so an alert quotes exactly the
    numbers the pages show. -#}
{%- set min_responses = var('voc_min_responses') -%}
{%- set min_journeys = var('funnel_min_journeys') -%}
{%- set surveys = [
    ('nps', 'NPS', 'nps', 'nps_margin_of_error', var('kpi_alert_nps_points'), 'points'),
    ('csat', 'CSAT top-box share', '100.0 * top_box_share',
     '100.0 * top_box_share_margin_of_error', var('kpi_alert_top_box_points'), 'percentage points'),
    ('ces', 'CES top-box share', '100.0 * top_box_share',
     '100.0 * top_box_share_margin_of_error', var('kpi_alert_top_box_points'), 'percentage points'),
] -%}
with

rpt_voice_of_customer as (
    select * from {{ ref('rpt_voice_of_customer') }}
),

rpt_stage_funnel_by_cohort as (
    select * from {{ ref('rpt_stage_funnel_by_cohort') }}
),

int_reference_dates_computed as (
    select * from {{ ref('int_reference_dates_computed') }}
),

periods as (
    select
        cast({{ dbt.date_trunc('month', 'reference_date') }} as date) as survey_current_start,
        cast(
            {{ dbt.dateadd('month', -1, dbt.date_trunc('month', 'reference_date')) }} as date
        ) as survey_previous_start,
        cast(
            {{ dbt.dateadd('month', -1, dbt.date_trunc('month', 'reference_date')) }} as date
        ) as funnel_current_start,
        cast(
            {{ dbt.dateadd('month', -2, dbt.date_trunc('month', 'reference_date')) }} as date
        ) as funnel_previous_start
    from int_reference_dates_computed
),

survey_values as (
    {% for survey_type, label, value, margin, threshold, unit in surveys %}
        select
            '{{ survey_type }}' as metric,
            '{{ label }}' as metric_label,
            '{{ unit }}' as unit,
            cast({{ threshold }} as {{ type_double() }}) as threshold,
            business_model,
            'event_type' as dimension_name,
            dimension_value,
            responded_month_date as period_start,
            {{ value }} as metric_value,
            {{ margin }} as margin_of_error,
            responses as sample_size
        from rpt_voice_of_customer
        where
            survey_type = '{{ survey_type }}'
            and dimension_name = 'event_type'
            and business_model in ('b2b', 'b2c')
            and responses >= {{ min_responses }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

funnel_values as (
    select
        'step_conversion' as metric,
        'Funnel step conversion' as metric_label,
        'percentage points' as unit,
        cast({{ var('kpi_alert_funnel_points') }} as {{ type_double() }}) as threshold,
        business_model,
        'journey_stage' as dimension_name,
        journey_stage as dimension_value,
        cohort_month_date as period_start,
        100.0 * step_conversion_rate as metric_value,
        100.0 * 1.96 * sqrt(
            step_conversion_rate * (1 - step_conversion_rate) / previous_stage_journeys_reached
        ) as margin_of_error,
        previous_stage_journeys_reached as sample_size
    from rpt_stage_funnel_by_cohort
    where
        entry_channel = '(all)'
        and step_conversion_rate is not null
        and previous_stage_journeys_reached >= {{ min_journeys }}
),

-- each value with the months its kind compares (surveys: this month vs last; funnel: the
-- last complete cohort month vs the one before)
dated_values as (
    select
        survey_values.*,
        periods.survey_current_start as current_start,
        periods.survey_previous_start as previous_start
    from survey_values
    cross join periods

    union all

    select
        funnel_values.*,
        periods.funnel_current_start as current_start,
        periods.funnel_previous_start as previous_start
    from funnel_values
    cross join periods
),

compared as (
    select
        current_values.*,
        previous_values.period_start as previous_period_start,
        previous_values.metric_value as previous_metric_value,
        previous_values.margin_of_error as previous_margin_of_error,
        previous_values.sample_size as previous_sample_size
    from dated_values as current_values
    inner join dated_values as previous_values
        on
            current_values.metric = previous_values.metric
            and current_values.business_model = previous_values.business_model
            and current_values.dimension_value = previous_values.dimension_value
            and current_values.previous_start = previous_values.period_start
    where current_values.period_start = current_values.current_start
),

final as (
    select
        metric || '|' || business_model || '|' || dimension_value || '|'
        || cast(period_start as {{ dbt.type_string() }}) as kpi_alert_id,
        metric,
        metric_label,
        business_model,
        dimension_name,
        dimension_value,
        period_start as current_period_start,
        previous_period_start,
        metric_value as current_value,
        previous_metric_value as previous_value,
        metric_value - previous_metric_value as value_change,
        unit,
        threshold,
        cast(sample_size as {{ dbt.type_bigint() }}) as current_sample_size,
        cast(previous_sample_size as {{ dbt.type_bigint() }}) as previous_sample_size,
        cast(
            case
                when metric = 'step_conversion' then {{ min_journeys }}
                else {{ min_responses }}
            end as {{ dbt.type_bigint() }}
        ) as min_sample_size,
        -- 95 % margin of the difference of two independent estimates
        sqrt(
            margin_of_error * margin_of_error + previous_margin_of_error * previous_margin_of_error
        ) as change_margin_of_error,
        abs(metric_value - previous_metric_value) > sqrt(
            margin_of_error * margin_of_error + previous_margin_of_error * previous_margin_of_error
        ) as is_significant,
        case
            when metric_value < previous_metric_value then 'drop'
            when metric_value > previous_metric_value then 'rise'
            else 'none'
        end as direction,
        abs(metric_value - previous_metric_value) >= threshold as is_alert
    from compared
)

select * from final
