{#- One row per attribution deal, model and eligible touch: the touch's
    credit (weight) and its money to the cent; a deal without an eligible
    touch gets one `unattributed` credit of 1 per model. The rows of
    fct_attribution_credits and the basis of the channel reports. -#}

{%- set models = attribution_models() -%}

with

deals as (

    select * from {{ ref('int_attribution_deals_filtered') }}

),

deal_touchpoints as (

    select * from {{ ref('int_deal_touchpoints_filtered') }}

),

weights as (

    select * from {{ ref('int_attribution_weights_computed') }}

),

touch_credits as (

    {% for model_name in models %}
    select
        weights.deal_id,
        '{{ model_name }}' as model,
        weights.touchpoint_id,
        deal_touchpoints.channel,
        deal_touchpoints.campaign,
        deal_touchpoints.occurred_at,
        deal_touchpoints.deal_created_at,
        deal_touchpoints.occurred_at as booked_at,
        deal_touchpoints.touch_index,
        weights.{{ model_name }}_weight as credit
    from weights
    inner join deal_touchpoints
        on
            weights.deal_id = deal_touchpoints.deal_id
            and weights.touchpoint_id = deal_touchpoints.touchpoint_id
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

deals_without_touch as (

    select deals.*
    from deals
    left join (select distinct deal_id from deal_touchpoints) as touched
        on deals.deal_id = touched.deal_id
    where touched.deal_id is null

),

unattributed_credits as (

    -- no eligible touch: credit 1 to `unattributed`, booked to the created month
    {% for model_name in models %}
    select
        deal_id,
        '{{ model_name }}' as model,
        cast(null as {{ dbt.type_string() }}) as touchpoint_id,
        'unattributed' as channel,
        cast(null as {{ dbt.type_string() }}) as campaign,
        cast(null as timestamp) as occurred_at,
        created_at as deal_created_at,
        created_at as booked_at,
        cast(null as {{ dbt.type_bigint() }}) as touch_index,
        cast(1 as double) as credit
    from deals_without_touch
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

credits as (

    select * from touch_credits
    union all
    select * from unattributed_credits

),

credits_with_cents as (

    select
        credits.*,
        deals.is_won,
        cast(round(deals.amount * 100, 0) as {{ dbt.type_bigint() }}) as deal_amount_cents,
        credits.credit * round(deals.amount * 100, 0) as exact_cents
    from credits
    inner join deals
        on credits.deal_id = deals.deal_id

),

cents_floored as (

    select
        *,
        cast(floor(exact_cents) as {{ dbt.type_bigint() }}) as floor_cents,
        exact_cents - floor(exact_cents) as cent_remainder
    from credits_with_cents

),

cents_ranked as (

    -- largest remainder: the cents lost by flooring go, one each, to the
    -- credits with the largest remainders (then the earliest touch), so that
    -- a deal's credits add up exactly to its amount in cents
    select
        *,
        deal_amount_cents
        - sum(floor_cents) over (partition by deal_id, model) as cents_to_allocate,
        row_number() over (
            partition by deal_id, model
            order by cent_remainder desc, touch_index asc
        ) as remainder_rank
    from cents_floored

),

cents_allocated as (

    select
        *,
        floor_cents
        + case when remainder_rank <= cents_to_allocate then 1 else 0 end as allocated_cents
    from cents_ranked

),

final as (

    select
        -- ids
        {{ dbt.concat([
            'deal_id', "'|'", 'model', "'|'",
            "coalesce(touchpoint_id, 'unattributed')",
        ]) }} as credit_id,
        deal_id,
        model,
        touchpoint_id,

        -- attributes
        channel,
        campaign,
        touch_index,
        is_won,

        -- dates and timestamps
        occurred_at,
        deal_created_at,
        cast({{ dbt.date_trunc('month', 'booked_at') }} as date) as touch_month,

        -- credit
        credit,
        cast(allocated_cents / 100.0 as decimal(18, 2)) as pipeline_credit,
        cast(
            case when is_won then allocated_cents / 100.0 else 0 end as decimal(18, 2)
        ) as revenue_credit

    from cents_allocated

)

select * from final
