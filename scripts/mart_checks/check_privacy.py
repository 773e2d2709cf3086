"""Privacy: no raw email, phone, person name or form message in schema marts.

Column names are matched against PII_COLUMN_NAME; text values against the
email and phone shapes and the names, phones and messages staging knows.
Offending values are counted, never printed.
"""

from __future__ import annotations

import re

from mart_checks.results import CheckResult, result

# A column name that says it holds a raw personal value. Allowed: keyed
# hashes, domains, validity flags and counts (email_hash, email_domain,
# is_email_valid, phone_count, ...).
PII_COLUMN_NAME = re.compile(
    r"(^|_)(e_?mail|phone|mobile|first_name|last_name|full_name|person_name|contact_name|message)(_|$)")
PII_COLUMN_ALLOWED = re.compile(r"(_hash|_domain|_count|_valid|_key_hash)$|^(is|has)_")
EMAIL_VALUE_REGEX = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
PHONE_VALUE_REGEX = r"^[+0-9 ().-]{7,}$"


class PrivacyCheck:
    """Mixed into Validator; uses the MartsDatabase methods and connection."""

    def check_privacy(self) -> CheckResult:
        """No column named for, and no value equal to or shaped like, a raw email, phone, person name or
        form message anywhere in schema marts. Offending values are never printed, only counted."""
        known = self.df("""
            select 'name' as kind, lower(trim(first_name || ' ' || last_name)) as value
            from db.staging.stg_crm__contacts where first_name is not null and last_name is not null
            union all
            select 'name', lower(trim(full_name)) from db.staging.stg_web__form_submissions
            where full_name is not null
            union all
            select 'phone', regexp_replace(phone_normalized, '[^0-9]', '', 'g') from db.staging.stg_crm__contacts
            where phone_normalized is not null
            union all
            select 'phone', regexp_replace(phone_normalized, '[^0-9]', '', 'g')
            from db.staging.stg_web__form_submissions where phone_normalized is not null
            union all
            select 'message', lower(trim(message)) from db.staging.stg_web__form_submissions
            where message is not null
        """)
        # a person name has at least two words; a phone at least 7 digits; a message at least 20 characters
        known = known[((known["kind"] == "name") & known["value"].str.contains(" ", regex=False)
                       & (known["value"].str.len() >= 5))
                      | ((known["kind"] == "phone") & (known["value"].str.len() >= 7))
                      | ((known["kind"] == "message") & (known["value"].str.len() >= 20))].drop_duplicates()
        self.con.register("known_personal_values", known)
        examples = []
        compared = 0
        kinds = ("email addresses", "known phone numbers", "known person names", "form messages")
        for table, columns in self.tables("marts").items():
            text_columns = []
            for column, dtype in columns:
                if PII_COLUMN_NAME.search(column) and not PII_COLUMN_ALLOWED.search(column):
                    examples.append(f"{table}.{column}: column name suggests a raw personal value")
                if dtype.upper().startswith("VARCHAR"):
                    text_columns.append(column)
            if not text_columns:
                continue
            compared += len(text_columns)
            # one scan per table: distinct values of every text column that look like, or equal,
            # personal data
            counts = []
            for column in text_columns:
                value = f'"{column}"'
                counts += [
                    f"count(distinct {value}) filter (where regexp_matches({value}, $email_regex))",
                    f"count(distinct {value}) filter (where regexp_matches({value}, $phone_regex) "
                    f"and regexp_replace({value}, '[^0-9]', '', 'g') in (select value from phones))",
                    f"count(distinct {value}) filter (where lower(trim({value})) in (select value from names))",
                    f"count(distinct {value}) filter (where lower(trim({value})) in (select value from messages))",
                ]
            row = self.one(f"""
                with
                    phones as (select value from known_personal_values where kind = 'phone'),
                    names as (select value from known_personal_values where kind = 'name'),
                    messages as (select value from known_personal_values where kind = 'message')
                select {", ".join(counts)}
                from db.marts.{table}
            """, {"email_regex": EMAIL_VALUE_REGEX, "phone_regex": PHONE_VALUE_REGEX})
            for index, column in enumerate(text_columns):
                for offset, kind in enumerate(kinds):
                    count = row[index * len(kinds) + offset]
                    if count:
                        examples.append(f"{table}.{column}: {count} distinct values are {kind}")
        return result("privacy: no raw email/phone/name/message in marts", compared, examples,
                      f"{compared} text columns scanned")
