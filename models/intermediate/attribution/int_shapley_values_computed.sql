{#- Shapley values over channel groups, one game per business model (B2B and B2C journeys are
    different processes). The characteristic function of a coalition S is
    v(S) = sum of r(T) over every observed channel-group set T contained in S, where r(T) is the
    conversion rate of the paths whose set of channel groups is exactly T. For that game the
    exact Shapley value of group i in S is the sum of r(T) / |T| over the T in S that contain i,
    so no enumeration of permutations is needed. Sets are bit masks over the groups of the
    channels seed (at most 63 groups). -#}
with

int_attribution_paths_collected as (
    select * from {{ ref('int_attribution_paths_collected') }}
),

channels as (
    select * from {{ ref('channels') }}
),

groups as (
    select
        channel_group,
        dense_rank() over (order by channel_group) - 1 as group_bit
    from (select distinct channel_group from channels) as distinct_groups
),

path_groups as (
    select distinct
        int_attribution_paths_collected.business_model,
        int_attribution_paths_collected.path_id,
        int_attribution_paths_collected.is_converting,
        groups.group_bit
    from int_attribution_paths_collected
    inner join groups
        on int_attribution_paths_collected.channel_group = groups.channel_group
),

path_sets as (
    select
        business_model,
        path_id,
        max(case when is_converting then 1 else 0 end) as is_converting,
        sum({{ pow2('group_bit') }}) as group_mask,
        count(*) as group_count
    from path_groups
    group by 1, 2
),

set_rates as (
    select
        business_model,
        group_mask,
        min(group_count) as group_count,
        {{ ratio('sum(is_converting)', 'count(*)') }} as conversion_rate
    from path_sets
    group by 1, 2
),

set_members as (
    select
        set_rates.business_model,
        set_rates.group_mask,
        set_rates.group_count,
        set_rates.conversion_rate,
        groups.group_bit,
        groups.channel_group
    from set_rates
    inner join groups
        on {{ bitand('set_rates.group_mask', pow2('groups.group_bit')) }} != 0
    where set_rates.conversion_rate > 0
),

converting_sets as (
    select distinct
        business_model,
        group_mask
    from path_sets
    where is_converting = 1
),

values_per_set as (
    select
        converting_sets.business_model,
        converting_sets.group_mask,
        set_members.channel_group,
        sum(set_members.conversion_rate / set_members.group_count) as shapley_value
    from converting_sets
    inner join set_members
        on
            converting_sets.business_model = set_members.business_model
            and {{ bitand('set_members.group_mask', 'converting_sets.group_mask') }}
            = set_members.group_mask
    group by 1, 2, 3
),

final as (
    select
        path_sets.path_id as conversion_id,
        path_sets.business_model,
        values_per_set.channel_group,
        round(values_per_set.shapley_value, 10) as shapley_value,
        round(
            values_per_set.shapley_value
            / sum(values_per_set.shapley_value) over (partition by path_sets.path_id),
            10
        ) as group_share
    from path_sets
    inner join values_per_set
        on
            path_sets.business_model = values_per_set.business_model
            and path_sets.group_mask = values_per_set.group_mask
    where path_sets.is_converting = 1
)

select * from final
