"""dbt-duckdb plugin registering the `email_hmac(text)` SQL function.

`email_hash` in the marts is HMAC-SHA256 (hex) of the email key, keyed by the
`EMAIL_HASH_KEY` environment variable. The key is read here, at run time, by
the Python process: it never appears in compiled SQL, in `target/` or in dbt's
logs. When the variable is unset a documented demo key is used and a warning
is printed; set but blank, it is an error (the demo key is public, so hashes made with it are reversible by
anyone hashing known emails: set your own key for real data).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys

import pyarrow as pa
from dbt.adapters.duckdb.plugins import BasePlugin

DEMO_KEY = "revenue-analytics-demo-key-not-secret"
_warned = False


BLANK_KEY_MESSAGE = ("EMAIL_HASH_KEY is set but blank: set it to your own secret key, or unset it "
                     "to use the public demo key (demo data only)")


def resolve_key(environ=os.environ) -> tuple[str, bool]:
    """The key and whether it is the public demo key. Unset: the demo key (the
    caller warns). Set but blank or whitespace: an error, since an empty
    variable is far more likely a secret that failed to load than a choice."""
    key = environ.get("EMAIL_HASH_KEY")
    if key is None:
        return DEMO_KEY, True
    if not key.strip():
        raise ValueError(BLANK_KEY_MESSAGE)
    return key, False


def _key() -> bytes:
    global _warned
    key, is_demo = resolve_key()
    if is_demo and not _warned:
        print(
            "WARNING: EMAIL_HASH_KEY is not set; email_hash uses the public demo key. "
            "Set EMAIL_HASH_KEY for real data.",
            file=sys.stderr,
        )
        _warned = True
    return key.encode("utf-8")


def email_hmac_values(values: list[str | None], key: bytes) -> list[str | None]:
    """HMAC-SHA256 hex of every value; null stays null."""
    return [
        None if v is None else hmac.new(key, v.encode("utf-8"), hashlib.sha256).hexdigest()
        for v in values
    ]


def _email_hmac_arrow(values: pa.Array) -> pa.Array:
    return pa.array(email_hmac_values(values.to_pylist(), _key()), type=pa.string())


class Plugin(BasePlugin):
    def initialize(self, plugin_config):
        resolve_key()  # a blank key stops the build before any model runs

    def configure_connection(self, conn):
        conn.create_function(
            "email_hmac",
            _email_hmac_arrow,
            ["VARCHAR"],
            "VARCHAR",
            type="arrow",
            null_handling="special",
            side_effects=False,
        )
