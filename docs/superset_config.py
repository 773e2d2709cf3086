"""Superset: every new connection to the published marts reads the latest build.

Add this to your `superset_config.py` (or import it from there). Superset
builds a new SQLAlchemy engine for each query (NullPool) and passes its URL
through DB_CONNECTION_MUTATOR first: this one replaces the published path
(`duckdb:////abs/path/build/published/revenue_analytics.duckdb`, a link to the
current build's file) by the file the link points to now. DuckDB 1.x, which
Superset installs, keeps one database instance per path in a process while
any connection to that path is open, so without this a worker that is
running a query through the link when a build is published keeps serving the
old build to its next queries too. With it, each query opens the build that
is current when it starts. See docs/bi-clients.md; tested by
tests/python/test_published_readers.py.

If your superset_config.py already defines DB_CONNECTION_MUTATOR, call
`latest_published_build` from it.
"""

import os


def latest_published_build(url):
    """The URL with a DuckDB file path that is a symbolic link replaced by its target."""
    database = url.database
    if url.drivername.startswith("duckdb") and database and os.path.islink(database):
        return url.set(database=os.path.realpath(database))
    return url


def DB_CONNECTION_MUTATOR(url, params, username, security_manager, source):  # noqa: N802 - Superset's name
    return latest_published_build(url), params
