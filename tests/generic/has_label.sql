{#- Values of a report column that dim_labels has no label for (of the kind given): every code
    a reader sees has a human label, kept in the seeds. -#}
{% test has_label(model, column_name, kind) %}
select distinct {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
  and {{ column_name }} not in (
    select code from {{ ref('dim_labels') }} where label_kind = '{{ kind }}'
  )
{% endtest %}
