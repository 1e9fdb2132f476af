{#- The attribution models side by side: conversions and revenue credited to each channel. -#}
{%- set models = attribution_models() -%}
with

fct_attribution_weights as (
    select * from {{ ref('fct_attribution_weights') }}
),

final as (
    select
        business_model || '|' || channel as report_row_id,
        business_model,
        channel,
        min(channel_group) as channel_group,
        {% for model in models %}
            sum(case when attribution_model = '{{ model }}' then weight else 0 end)
                as {{ model }}_conversions,
            cast(
                sum(case when attribution_model = '{{ model }}' then revenue_credit else 0 end)
                as decimal(18, 2)
            )
                as {{ model }}_revenue{% if not loop.last %},{% endif %}
        {% endfor %}
    from fct_attribution_weights
    group by 1, 2, 3
)

select * from final
