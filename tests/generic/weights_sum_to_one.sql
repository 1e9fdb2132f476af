{#- Attribution weights of one group (e.g. conversion x model) must sum to 1. -#}
{% test weights_sum_to_one(model, column_name, group_by, tolerance=0.000001) %}
select {{ group_by | join(', ') }}, sum({{ column_name }}) as weight_sum
from {{ model }}
group by {{ group_by | join(', ') }}
having abs(sum({{ column_name }}) - 1) > {{ tolerance }}
{% endtest %}
