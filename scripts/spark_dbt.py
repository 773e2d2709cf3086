#!/usr/bin/env python3
"""Run dbt on the `spark` target, in this process, with the project's UDFs.

dbt-spark's `session` method runs Spark inside the dbt process and has no
plugin hook (dbt-duckdb has one: plugins/email_hash_udf.py). This wrapper
starts the Spark session itself, from the `spark` output of profiles.yml
(the same settings dbt-spark would use), registers the project's Python UDFs
in it, then runs dbt in-process: dbt-spark's `getOrCreate()` picks up this
session, UDFs included.

UDFs:
- `email_hmac(text)`: HMAC-SHA256 hex keyed by EMAIL_HASH_KEY, read here at
  run time (never templated into SQL, never logged), the same function as
  the DuckDB plugin's, with the same public demo key and warning when unset.

Usage: python scripts/spark_dbt.py build --select staging ...
(any dbt arguments; DBT_TARGET is set to `spark` unless --target is given).
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def check_java() -> None:
    """Fail early, and clearly, when there is no Java runtime."""
    java = Path(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else None
    if not (java and java.exists()) and shutil.which("java") is None:
        sys.exit("ERROR: no Java runtime found (the Spark target needs Java 17 or 21).\n"
                 "  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless, or set JAVA_HOME.")


def spark_parameters(profiles_dir: Path) -> dict[str, str]:
    """The `spark` output's server_side_parameters, rendered as dbt does."""
    import jinja2
    import yaml

    profiles = yaml.safe_load((profiles_dir / "profiles.yml").read_text())
    output = next(iter(profiles.values()))["outputs"]["spark"]

    def env_var(name: str, default: str | None = None) -> str:
        if name in os.environ:
            return os.environ[name]
        if default is None:
            raise KeyError(f"environment variable {name} is not set")
        return default

    params = {key: jinja2.Template(str(value)).render(env_var=env_var)
              for key, value in (output.get("server_side_parameters") or {}).items()}
    params["spark.sql.ansi.enabled"] = "false"  # dbt-spark 1.11 forces it
    return params


def start_session(profiles_dir: Path):
    check_java()
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # Python UDF workers must run this interpreter (it has pyspark).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_parameters(profiles_dir).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def register_udfs(spark) -> None:
    import hashlib
    import hmac

    from pyspark.sql.types import StringType

    sys.path.insert(0, str(ROOT / "plugins"))
    from email_hash_udf import resolve_key  # the same rules and demo key as on DuckDB

    key, is_demo = resolve_key()
    if is_demo:
        print("WARNING: EMAIL_HASH_KEY is not set; email_hash uses the public demo key. "
              "Set EMAIL_HASH_KEY for real data.", file=sys.stderr)
    key_bytes = key.encode("utf-8")

    def email_hmac(value: str | None) -> str | None:
        if value is None:
            return None
        return hmac.new(key_bytes, value.encode("utf-8"), hashlib.sha256).hexdigest()

    spark.udf.register("email_hmac", email_hmac, StringType())


def main(argv: list[str]) -> int:
    if "--target" not in argv and "-t" not in argv:
        os.environ["DBT_TARGET"] = "spark"
    os.environ.setdefault("DBT_PROFILES_DIR", str(ROOT))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    spark = start_session(Path(os.environ["DBT_PROFILES_DIR"]))
    spark.sparkContext.setLogLevel(os.environ.get("SPARK_LOG_LEVEL", "ERROR"))
    register_udfs(spark)

    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(argv)
    if result.exception is not None:
        return 2
    return 0 if result.success else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
