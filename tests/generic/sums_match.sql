{#- Counts that must prove each other: per `group_by` column, the sum of `column_name` equals
    the sum of `field` in `to` (e.g. quarantined rows per dataset against the load ledger). A
    group on one side only counts as 0 on the other, so a missing group fails too. -#}
{% test sums_match(model, column_name, group_by, to, field) %}
with

model_sums as (
    select {{ group_by }} as group_key, sum({{ column_name }}) as model_sum
    from {{ model }}
    group by 1
),

to_sums as (
    select {{ group_by }} as group_key, sum({{ field }}) as to_sum
    from {{ to }}
    group by 1
)

select
    coalesce(model_sums.group_key, to_sums.group_key) as group_key,
    coalesce(model_sums.model_sum, 0) as model_sum,
    coalesce(to_sums.to_sum, 0) as to_sum
from model_sums
full outer join to_sums
    on model_sums.group_key = to_sums.group_key
where coalesce(model_sums.model_sum, 0) <> coalesce(to_sums.to_sum, 0)
{% endtest %}
