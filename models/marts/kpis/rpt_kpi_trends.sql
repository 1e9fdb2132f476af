{#- The headline KPIs per business model over a window of `period_days` days ending at each
    weekly point (definitions in seeds/kpi_metrics.csv and _kpis__models.yml), against the
    window of the same length before it. The point at the reference date is the KPI tile; the
    weekly points before it are its sparkline. Samples below the minimum blank the value. -#}
with

fct_kpi_daily_observations as (
    select * from {{ ref('fct_kpi_daily_observations') }}
),

int_reference_dates_computed as (
    select * from {{ ref('int_reference_dates_computed') }}
),

kpi_metrics as (
    select * from {{ ref('kpi_metrics') }}
),

periods as (
    {% for days in var('report_period_days') -%}
        select {{ days }} as period_days
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

business_models as (
    {% for business_model in business_models() -%}
        select '{{ business_model }}' as business_model
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

points as (
    select sequence_number as weeks_back
    from ({{ integer_sequence(2) }}) as sequence_numbers
    where sequence_number < {{ var('kpi_trend_points') }}
),

history_starts as (
    select
        business_model,
        min(observed_date) as history_start_date
    from fct_kpi_daily_observations
    group by 1
),

-- current window: the period_days days up to as_of_date; previous: the period_days before
windows as (
    select
        periods.period_days,
        points.weeks_back,
        cast({{ dbt.dateadd('day', '-7 * points.weeks_back', 'reference.reference_date') }} as date)
            as as_of_date
    from periods
    cross join points
    cross join int_reference_dates_computed as reference
    where reference.reference_date is not null
),

grid as (
    select
        business_models.business_model,
        kpi_metrics.metric,
        kpi_metrics.metric_order,
        kpi_metrics.unit,
        kpi_metrics.aggregation,
        windows.period_days,
        windows.weeks_back,
        windows.as_of_date,
        cast({{ dbt.dateadd('day', '1 - windows.period_days', 'windows.as_of_date') }} as date)
            as current_start_date,
        cast({{ dbt.dateadd('day', '1 - 2 * windows.period_days', 'windows.as_of_date') }} as date)
            as previous_start_date,
        case
            when kpi_metrics.aggregation = 'sum' then 0
            when kpi_metrics.unit in ('score', 'share') then {{ var('voc_min_responses') }}
            else {{ var('kpi_min_sample') }}
        end as min_sample
    from business_models
    cross join kpi_metrics
    cross join windows
),

summed as (
    select
        grid.business_model,
        grid.metric,
        grid.period_days,
        grid.as_of_date,
        sum(case
            when observations.observed_date >= grid.current_start_date
                then observations.numerator
        end) as current_numerator,
        sum(case
            when observations.observed_date >= grid.current_start_date
                then observations.denominator
        end) as current_sample,
        sum(case
            when observations.observed_date < grid.current_start_date
                then observations.numerator
        end) as previous_numerator,
        sum(case
            when observations.observed_date < grid.current_start_date
                then observations.denominator
        end) as previous_sample
    from grid
    inner join fct_kpi_daily_observations as observations
        on
            grid.business_model = observations.business_model
            and grid.metric = observations.metric
            and grid.previous_start_date <= observations.observed_date
            and grid.as_of_date >= observations.observed_date
    group by 1, 2, 3, 4
),

valued as (
    select
        grid.*,
        history_starts.history_start_date,
        cast(coalesce(summed.current_sample, 0) as {{ dbt.type_bigint() }}) as current_sample,
        cast(coalesce(summed.previous_sample, 0) as {{ dbt.type_bigint() }}) as previous_sample,
        case
            when grid.aggregation = 'sum' then coalesce(summed.current_numerator, 0)
            else {{ ratio('summed.current_numerator', 'summed.current_sample') }}
        end as current_measure,
        case
            when grid.aggregation = 'sum' then coalesce(summed.previous_numerator, 0)
            else {{ ratio('summed.previous_numerator', 'summed.previous_sample') }}
        end as previous_measure,
        -- the previous window is comparable when history covers >= 95 % of its days
        history_starts.history_start_date is not null
        and {{ dbt.datediff(
            'grid.previous_start_date', 'history_starts.history_start_date', 'day'
        ) }} <= 0.05 * grid.period_days as is_previous_window_covered
    from grid
    left join summed
        on
            grid.business_model = summed.business_model
            and grid.metric = summed.metric
            and grid.period_days = summed.period_days
            and grid.as_of_date = summed.as_of_date
    left join history_starts
        on grid.business_model = history_starts.business_model
),

flagged as (
    select
        *,
        (current_sample >= min_sample and current_sample > 0) or aggregation = 'sum'
            as is_reportable,
        is_previous_window_covered
        and (current_sample >= min_sample and previous_sample >= min_sample or aggregation = 'sum')
            as is_change_reportable
    from valued
),

final as (
    select
        business_model || '|' || metric || '|' || cast(period_days as {{ dbt.type_string() }})
        || '|' || cast(as_of_date as {{ dbt.type_string() }}) as kpi_trend_id,
        business_model,
        metric,
        metric_order,
        unit,
        period_days,
        as_of_date,
        weeks_back = 0 as is_latest,
        current_start_date,
        previous_start_date,
        current_sample,
        previous_sample,
        min_sample,
        case when is_reportable then current_measure end as current_value,
        case when is_change_reportable then previous_measure end as previous_value,
        case when is_change_reportable then current_measure - previous_measure end
            as absolute_change,
        case
            when is_change_reportable and unit in ('count', 'money')
                then {{ ratio('current_measure - previous_measure', 'abs(previous_measure)') }}
        end as relative_change,
        is_reportable,
        is_change_reportable
    from flagged
)

select * from final
