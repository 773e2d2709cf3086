{#- Every privacy deletion request can be applied: its line was readable and
    its email is a valid email key (else it would silently match nobody).
    Returns the offending lines by line number only, never the email. -#}
with

requests as (

    select * from {{ source('privacy', 'privacy_deletions') }}

),

numbered as (

    select
        _load_error as load_error,
        _load_line as load_line,
        {{ email_is_valid('email') }} as is_email_valid,
        row_number() over (order by _load_line, {{ email_key('email') }}) as request_number
    from requests

),

final as (

    select
        request_number,
        load_line,
        coalesce(load_error, 'invalid_email') as problem
    from numbered
    where
        load_error is not null
        or not is_email_valid

)

select * from final
