-- Every attribution deal is credited by every model, and per deal and model
-- the credits sum to 1 (within 1e-9) and the pipeline credits to the deal's
-- amount, to the cent. Returns the offending deal and model.
{%- set models = attribution_models() %}

with

credits as (

    select * from {{ ref('fct_attribution_credits') }}

),

deals as (

    select * from {{ ref('int_attribution_deals_filtered') }}

),

models as (

    {% for model_name in models %}
    select '{{ model_name }}' as model
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

expected as (

    select
        deals.deal_id,
        models.model,
        round(deals.amount, 2) as amount
    from deals
    cross join models

),

credited as (

    select
        deal_id,
        model,
        sum(credit) as credit_sum,
        min(credit) as min_credit,
        sum(pipeline_credit) as pipeline_credit_sum
    from credits
    group by deal_id, model

),

final as (

    select
        expected.deal_id,
        expected.model,
        credited.credit_sum,
        credited.min_credit,
        credited.pipeline_credit_sum,
        expected.amount
    from expected
    left join credited
        on
            expected.deal_id = credited.deal_id
            and expected.model = credited.model
    where
        credited.deal_id is null
        or abs(credited.credit_sum - 1) > 1e-9
        or credited.min_credit < 0
        or credited.pipeline_credit_sum <> expected.amount

)

select * from final
