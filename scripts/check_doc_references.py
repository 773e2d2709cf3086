#!/usr/bin/env python3
"""Fail when a file of the project cites a document, or a section of one,
that the project does not have.

The project stands alone: every Markdown document its code, yml, comments
and pages cite must be a file of the project, and every section or heading
they cite must exist in it. Scanned: every text file of the project (git's
tracked files plus untracked files that are not ignored; outside a git
checkout, every file under the root except .git, .venv, build, target, logs
and dbt_packages). Found in them:

- a document, by path or bare name (`docs/metrics.md`, `README.md`). A
  path is looked up relative to the citing file's folder, then to the
  project root, and a bare name also in docs/; it must name a file of the
  project. An absolute path, or a relative one that leaves the project, is
  always an error: the project stands alone;
- a numbered section after it: `docs/metrics.md section 5`,
  `sections 4-5`, `sections 2 and 3`, `sections 1, 2`, `§7`, also across a
  line break, after a Markdown link (`[docs/metrics.md](metrics.md), section
  5`), or before it (`section 5 of docs/metrics.md`). The document must
  have a heading numbered so (`## 5. Funnel rates`, `### 5.2 ...`);
- an anchor: `docs/metrics.md#as-of-time`, and in a Markdown file a link to
  its own heading, `[...](#as-of-time)`. The document must have a heading
  with that GitHub anchor. (`#!/...` links are dbt docs site routes and
  files holding dbt docs blocks link to the site: neither is checked.)

URLs are not citations. A line holding `doc-references: ignore` is skipped
(for text that quotes bad citations on purpose, such as the tests of this
script).

Usage:
    python scripts/check_doc_references.py [--root DIR] [FILE ...]

Prints one `path:line: problem` per bad citation. Exit 0 when every citation
resolves, 1 when one does not.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_DIRS = {".git", ".venv", "build", "target", "logs", "dbt_packages", "__pycache__", ".pytest_cache"}
MAX_BYTES = 5_000_000
IGNORE_PRAGMA = "doc-references: ignore"

NUMBER = r"\d+(?:\.\d+)*"
# A document: optional root or parent prefix, folders, a file name ending in .md.
DOCUMENT = re.compile(
    r"(?<![\w./*$%{}<>@~\\-])"
    r"(?P<path>(?:/|\.{1,2}/)*(?:[\w-][\w.-]*/)*[\w-][\w.-]*\.md)"
    r"(?![\w-])(?:#(?P<anchor>[\w-]+))?"
)
# After the document: what may stand between it and `section N`.
SECTION_AFTER = re.compile(
    r"(?:\]\([^)\s]*\))?\)?[`*_]*[,:;]?(?:[\s#*>/`]|--){0,40}?"
    r"(?P<keyword>sections|section|§§|§)\s*"
    r"(?P<numbers>" + NUMBER + r"(?:\s*(?:-|–|to|,|and|&)\s*" + NUMBER + r")*)",
    re.I,
)
# Before the document: `section N of` (also `sections 2 and 3 in the`).
SECTION_BEFORE = re.compile(
    r"(?P<keyword>sections|section|§§|§)\s*"
    r"(?P<numbers>" + NUMBER + r"(?:\s*(?:-|–|to|,|and|&)\s*" + NUMBER + r")*)"
    r"\s+(?:of|in)\s+(?:the\s+)?[`*\[]*$",
    re.I,
)
URL = re.compile(r"\b(?:https?|ftp|file)://[^\s)>\]\"']+")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
SECTION_NUMBER = re.compile(r"^(?:§\s*)?(" + NUMBER + r")[.)]?(?:\s|$)")
OWN_ANCHOR_LINK = re.compile(r"\]\(#(?P<anchor>[^)\s]+)\)")


@dataclass
class Document:
    sections: set[str]
    anchors: set[str]


def project_files(root: Path) -> list[Path]:
    """The files of the project, relative to root."""
    try:
        top = subprocess.run(["git", "-C", str(root), "rev-parse", "--show-toplevel"],
                             capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        top = ""
    if top and Path(top).resolve() == root.resolve():
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others",
                                 "--exclude-standard"], capture_output=True, check=True).stdout
        names = sorted({name for name in listed.decode("utf-8").split("\0") if name})
        return [Path(name) for name in names if (root / name).is_file()]
    files = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not SKIPPED_DIRS.intersection(relative.parts[:-1]):
            files.append(relative)
    return files


def read_text(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\0" in data[:8192]:
        return None
    return data.decode("utf-8", errors="replace")


def github_anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"<[^>]+>", "", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.strip().lower()
    text = "".join(char for char in text if char.isalnum() or char in " -_")
    return text.replace(" ", "-")


def parse_document(text: str) -> Document:
    sections: set[str] = set()
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    in_fence = None
    for line in text.splitlines():
        fence = FENCE.match(line)
        if fence:
            in_fence = None if in_fence == fence.group(1) else (in_fence or fence.group(1))
            continue
        if in_fence:
            continue
        heading = HEADING.match(line)
        if not heading:
            continue
        title = heading.group(2)
        number = SECTION_NUMBER.match(title)
        if number:
            sections.add(number.group(1))
        anchor = github_anchor(title)
        count = seen.get(anchor, 0)
        seen[anchor] = count + 1
        anchors.add(anchor if count == 0 else f"{anchor}-{count}")
    for explicit in re.finditer(r"""<a\s+(?:name|id)=["']([^"']+)["']""", text):
        anchors.add(explicit.group(1))
    return Document(sections, anchors)


def section_numbers(spec: str) -> list[str]:
    """`4-5` -> 4, 5; `2 and 3` -> 2, 3; `1, 2, 4` -> 1, 2, 4; `5.2` -> 5.2."""
    numbers: list[str] = []
    tokens = re.findall(NUMBER + r"|-|–|to", spec)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if (index + 2 < len(tokens) and tokens[index + 1] in ("-", "–", "to")
                and "." not in token and "." not in tokens[index + 2]):
            start, end = int(token), int(tokens[index + 2])
            numbers.extend(str(n) for n in range(start, end + 1)) if start <= end else numbers.extend(
                [token, tokens[index + 2]])
            index += 3
            continue
        if token not in ("-", "–", "to"):
            numbers.append(token)
        index += 1
    return numbers


class Checker:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.files = project_files(self.root)
        self.file_set = {PurePosixPath(path.as_posix()) for path in self.files}
        self.documents: dict[PurePosixPath, Document] = {}

    def document(self, path: PurePosixPath) -> Document:
        if path not in self.documents:
            self.documents[path] = parse_document(read_text(self.root / path) or "")
        return self.documents[path]

    def resolve(self, citing: PurePosixPath, cited: str) -> tuple[PurePosixPath | None, str | None]:
        """(the project file cited, or None with why)."""
        if cited.startswith("/"):
            return None, "absolute path: the project must cite its own files"
        bases = [citing.parent, PurePosixPath(".")]
        if "/" not in cited:
            bases.append(PurePosixPath("docs"))
        for base in bases:
            parts: list[str] = []
            outside = False
            for part in (base / cited).parts:
                if part == "..":
                    if not parts:
                        outside = True
                        break
                    parts.pop()
                elif part != ".":
                    parts.append(part)
            if outside:
                continue
            candidate = PurePosixPath(*parts) if parts else PurePosixPath(".")
            if candidate in self.file_set:
                return candidate, None
        if cited.startswith("../"):
            leaves = len(citing.parent.parts) < len([p for p in PurePosixPath(cited).parts if p == ".."])
            if leaves:
                return None, "the path leaves the project: the project must cite its own files"
        return None, "no such file in the project"

    def check_file(self, relative: Path) -> list[str]:
        text = read_text(self.root / relative)
        if text is None:
            return []
        citing = PurePosixPath(relative.as_posix())
        problems: list[str] = []
        # URLs are not citations: blank them out, keeping offsets.
        scan = URL.sub(lambda m: " " * len(m.group(0)), text)
        line_starts = [0] + [i + 1 for i, char in enumerate(scan) if char == "\n"]
        lines = text.splitlines()

        def line_of(offset: int) -> int:
            low, high = 0, len(line_starts) - 1
            while low < high:
                middle = (low + high + 1) // 2
                if line_starts[middle] <= offset:
                    low = middle
                else:
                    high = middle - 1
            return low + 1

        def ignored(line: int) -> bool:
            return 0 < line <= len(lines) and IGNORE_PRAGMA in lines[line - 1]

        for match in DOCUMENT.finditer(scan):
            line = line_of(match.start())
            if ignored(line):
                continue
            cited = match.group("path")
            target, why = self.resolve(citing, cited)
            if target is None:
                problems.append(f"{citing}:{line}: cites `{cited}`: {why}")
                continue
            document = self.document(target)
            anchor = match.group("anchor")
            if anchor and anchor not in document.anchors:
                problems.append(f"{citing}:{line}: cites `{cited}#{anchor}`: {target} has no heading with "
                                f"that anchor")
            wanted: list[str] = []
            after = SECTION_AFTER.match(scan, match.end())
            if after:
                wanted += section_numbers(after.group("numbers"))
            before = SECTION_BEFORE.search(scan[max(0, match.start() - 80):match.start()])
            if before:
                wanted += section_numbers(before.group("numbers"))
            for number in dict.fromkeys(wanted):
                if number not in document.sections:
                    known = ", ".join(sorted(document.sections, key=lambda n: [int(p) for p in n.split(".")]))
                    problems.append(f"{citing}:{line}: cites `{cited}` section {number}: {target} has no "
                                    f"section {number} (its numbered sections: {known or 'none'})")

        if citing.suffix == ".md" and "{% docs" not in text:
            own = self.document(citing)
            for match in OWN_ANCHOR_LINK.finditer(scan):
                anchor = match.group("anchor")
                line = line_of(match.start())
                if anchor.startswith("!") or ignored(line):
                    continue
                if anchor not in own.anchors:
                    problems.append(f"{citing}:{line}: links to `#{anchor}`: no heading of this file has "
                                    f"that anchor")
        return list(dict.fromkeys(problems))

    def check(self, only: list[Path] | None = None) -> list[str]:
        problems: list[str] = []
        for relative in only or self.files:
            problems.extend(self.check_file(relative))
        return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="project root (default: this project)")
    parser.add_argument("files", nargs="*", type=Path, help="check only these files (relative to the root)")
    args = parser.parse_args(argv)
    checker = Checker(args.root)
    only = [Path(f) for f in args.files] or None
    problems = checker.check(only)
    for problem in problems:
        print(problem)
    scanned = len(only or checker.files)
    if problems:
        print(f"{len(problems)} citation(s) of a missing document or section in {scanned} files.")
        return 1
    print(f"OK: every document and section cited in {scanned} files exists.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
