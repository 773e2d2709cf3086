#!/usr/bin/env bash
# Spark (pyspark 4) runs on a Java 17 or 21 runtime: say so clearly when there
# is none, instead of pyspark's "Java gateway process exited" later on.
set -euo pipefail

java_bin="java"
if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
    java_bin="${JAVA_HOME}/bin/java"
fi

if ! command -v "$java_bin" >/dev/null 2>&1; then
    echo "ERROR: no Java runtime found (the Spark targets need Java 17 or 21)." >&2
    echo "  Debian/Ubuntu:  sudo apt-get install -y openjdk-17-jre-headless" >&2
    echo "  or set JAVA_HOME to a Java 17+ installation." >&2
    exit 1
fi

version_line="$("$java_bin" -version 2>&1 | head -n 1)"
major="$(sed -E 's/.*version "([0-9]+)(\.([0-9]+))?.*/\1/' <<<"$version_line")"
if [[ "$major" == "1" ]]; then  # 1.8 style
    major="$(sed -E 's/.*version "1\.([0-9]+).*/\1/' <<<"$version_line")"
fi
if ! [[ "$major" =~ ^[0-9]+$ ]] || (( major < 17 )); then
    echo "ERROR: Spark 4 needs Java 17 or newer; found: ${version_line}" >&2
    echo "  Debian/Ubuntu:  sudo apt-get install -y openjdk-17-jre-headless (or set JAVA_HOME)" >&2
    exit 1
fi
echo "Java ${major} found: ${version_line}"
