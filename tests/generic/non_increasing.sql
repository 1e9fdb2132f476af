{#- Rows whose value is larger than the value of the row before them in `order_by` order,
    within `partition_by` (e.g. a funnel that widens from one stage to the next). -#}
{% test non_increasing(model, column_name, order_by, partition_by=none) %}
with ordered as (
    select
        {{ column_name }} as value,
        lag({{ column_name }}) over (
            {% if partition_by %}partition by {{ partition_by }}{% endif %}
            order by {{ order_by }}
        ) as previous_value
    from {{ model }}
)

select *
from ordered
where value > previous_value
{% endtest %}
