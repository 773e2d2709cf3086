{#- Every pattern of seed `form_spam_markers` matches its own example on the
    engine that runs the project (a regex that does not compile or that
    was mistyped shows up here). Returns the markers that fail. -#}

with

markers as (

    select * from {{ ref('form_spam_markers') }}

),

final as (

    select
        marker_id,
        example
    from markers
    where not coalesce({{ regexp_like_expr('example', 'pattern') }}, false)

)

select * from final
