{#- The human label of every code a report shows: from the label column of the seed that
    defines the code (channels, event types, stages, themes, surveys, KPIs), or from report_labels
    for codes the models define (business models, attribution models, segments, groups). -#}
with

channels as (
    select * from {{ ref('channels') }}
),

event_types as (
    select * from {{ ref('event_types') }}
),

journey_stages as (
    select * from {{ ref('journey_stages') }}
),

b2b_stages as (
    select * from {{ ref('b2b_stages') }}
),

feedback_themes as (
    select * from {{ ref('feedback_themes') }}
),

survey_types as (
    select * from {{ ref('survey_types') }}
),

kpi_metrics as (
    select * from {{ ref('kpi_metrics') }}
),

report_labels as (
    select * from {{ ref('report_labels') }}
),

{%- set seeded = [
    ('channel', 'channels', 'channel', 'channel_label', none),
    ('event_type', 'event_types', 'event_type', 'event_type_label', none),
    ('journey_stage', 'journey_stages', 'journey_stage', 'stage_label', 'stage_order'),
    ('b2b_stage', 'b2b_stages', 'b2b_stage', 'b2b_stage_label', 'b2b_stage_order'),
    ('theme', 'feedback_themes', 'theme', 'theme_label', none),
    ('survey_type', 'survey_types', 'survey_type', 'survey_label', none),
    ('kpi_metric', 'kpi_metrics', 'metric', 'metric_label', 'metric_order'),
] %}

unioned as (
    {% for kind, seed, code, label, sort_order in seeded %}
        select
            '{{ kind }}' as label_kind,
            {{ code }} as code,
            {{ label }} as display_label,
            {{ sort_order or 'null' }} as sort_order
        from {{ seed }}
        union all
    {% endfor %}
    select
        label_kind,
        code,
        label as display_label,
        null as sort_order
    from report_labels
),

final as (
    select
        cast(label_kind as {{ dbt.type_string() }}) as label_kind,
        cast(code as {{ dbt.type_string() }}) as code,
        cast(display_label as {{ dbt.type_string() }}) as display_label,
        cast(sort_order as {{ dbt.type_int() }}) as sort_order
    from unioned
)

select * from final
