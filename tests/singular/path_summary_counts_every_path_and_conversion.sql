{#- rpt_path_summary adds up: per business model, its paths are the attribution paths plus
    the conversions without a touchpoint, and its conversions are all conversions. -#}
with

summary as (
    select
        business_model,
        sum(paths) as paths,
        sum(conversions) as conversions
    from {{ ref('rpt_path_summary') }}
    group by 1
),

paths as (
    select
        business_model,
        count(distinct path_id) as paths
    from {{ ref('int_attribution_paths_collected') }}
    group by 1
),

conversions as (
    select
        fct_conversions.business_model,
        count(*) as conversions,
        sum(case when paths.path_id is null then 1 else 0 end) as untouched
    from {{ ref('fct_conversions') }} as fct_conversions
    left join (
        select distinct path_id from {{ ref('int_attribution_paths_collected') }}
    ) as paths
        on fct_conversions.conversion_id = paths.path_id
    group by 1
)

select
    conversions.business_model,
    summary.paths,
    summary.conversions,
    coalesce(paths.paths, 0) + conversions.untouched as expected_paths,
    conversions.conversions as expected_conversions
from conversions
left join paths
    on conversions.business_model = paths.business_model
left join summary
    on conversions.business_model = summary.business_model
where
    coalesce(summary.paths, 0) != coalesce(paths.paths, 0) + conversions.untouched
    or coalesce(summary.conversions, 0) != conversions.conversions
