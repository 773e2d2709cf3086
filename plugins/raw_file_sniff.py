"""dbt-duckdb plugin registering `raw_csv_encoding(path, sample_lines)`.

The raw loader (macros/raw/load_raw_files.sql) refuses a CSV file that is not
in UTF-8 before anything loads. Telling that needs the file's first bytes as
they are, which DuckDB's SQL cannot read without reading the whole file
(read_blob) or decoding it (read_csv stops early on a LIMIT without recording
the lines it rejected; its Latin-1 decoder refuses bytes 0x80-0x9F, which UTF-8
uses). This function reads at most the first 8 MB of the file and returns, as
JSON, only counts and flags, never content (the raw files hold personal data):

    {"lines": physical lines sampled (at most sample_lines, header included),
     "invalid_lines": how many of them are not valid UTF-8,
     "header_utf8": whether the header line is valid UTF-8,
     "header_nul": whether it holds NUL bytes (UTF-16 or UTF-32 without a mark),
     "bom": the UTF-16/UTF-32 byte-order mark starting the file, as hex, or null}

It returns null for a path it cannot open as a local file (a URL, a remote
file system): the check is then skipped and the file loads as before.
"""

from __future__ import annotations

import json
import os

from dbt.adapters.duckdb.plugins import BasePlugin

MAX_BYTES = 8 * 1024 * 1024

# Longest first: the UTF-32 little-endian mark starts with the UTF-16 one.
BOMS = [
    (b"\xff\xfe\x00\x00", "FF FE 00 00"),
    (b"\x00\x00\xfe\xff", "00 00 FE FF"),
    (b"\xff\xfe", "FF FE"),
    (b"\xfe\xff", "FE FF"),
]


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def sniff(path: str, sample_lines: int) -> dict | None:
    """Counts and flags of the first `sample_lines` lines of a file, or None
    when it is not a local file that can be read."""
    try:
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError:
        return None
    if not data:
        return {"lines": 0, "invalid_lines": 0, "header_utf8": True, "header_nul": False, "bom": None}
    truncated = len(data) > MAX_BYTES
    lines = data[:MAX_BYTES].splitlines()
    if truncated and len(lines) > 1:
        lines = lines[:-1]  # cut in the middle: it may end inside a character
    lines = lines[: max(int(sample_lines), 1)]
    header = lines[0] if lines else b""
    bom = next((name for mark, name in BOMS if data.startswith(mark)), None)
    return {
        "lines": len(lines),
        "invalid_lines": sum(1 for line in lines if not _is_utf8(line)),
        "header_utf8": _is_utf8(header),
        "header_nul": b"\x00" in header,
        "bom": bom,
    }


def raw_csv_encoding(path: str, sample_lines: int) -> str | None:
    found = sniff(path, sample_lines)
    return None if found is None else json.dumps(found)


class Plugin(BasePlugin):
    def configure_connection(self, conn):
        conn.create_function(
            "raw_csv_encoding",
            raw_csv_encoding,
            ["VARCHAR", "INTEGER"],
            "VARCHAR",
            side_effects=True,
        )
