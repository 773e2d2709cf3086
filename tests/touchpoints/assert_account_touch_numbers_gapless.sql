{#- Per account, touch numbers run 1..n without gaps or repeats, follow
    the time order, and touches with no account have no number. Returns the
    offending accounts (and a null-account row when unresolved touches are
    numbered). -#}

with

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}

),

per_account as (

    select
        account_id,
        count(*) as touches,
        count(distinct account_touch_number) as distinct_numbers,
        min(account_touch_number) as min_number,
        max(account_touch_number) as max_number,
        count(account_touch_number) as numbered_touches,
        min(days_since_account_first_touch) as min_days
    from touchpoints
    group by account_id

),

out_of_order as (

    select distinct later.account_id
    from touchpoints as later
    inner join touchpoints as earlier
        on
            later.account_id = earlier.account_id
            and later.account_touch_number = earlier.account_touch_number + 1
    where later.occurred_at < earlier.occurred_at

),

final as (

    select
        per_account.account_id,
        per_account.touches,
        per_account.min_number,
        per_account.max_number
    from per_account
    left join out_of_order
        on per_account.account_id = out_of_order.account_id
    where
        (
            per_account.account_id is not null
            and (
                per_account.min_number <> 1
                or per_account.max_number <> per_account.touches
                or per_account.distinct_numbers <> per_account.touches
                or per_account.min_days <> 0
                or out_of_order.account_id is not null
            )
        )
        or (per_account.account_id is null and per_account.numbered_touches > 0)

)

select * from final
