"""Regenerate the outputs of the console examples in docs/cli.md (``python docs/gen_cli_examples.py``).

Each ``$ gfs-cn …`` line is run as tests/test_docs.py runs it (from the repository, 100 columns wide, ``| head -N``
honoured) and the lines under it are replaced by what it prints; the test then keeps the page and the CLI in step.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gfs_cn import cli  # noqa: E402

PAGE = ROOT / "docs" / "cli.md"
BLOCK = re.compile(r"(```console\n)(.*?)(```)", re.DOTALL)


def _run(command: str) -> list[str]:
    words = shlex.split(command)
    head = None
    if "|" in words:
        pipe = words.index("|")
        head = int(words[pipe + 2].lstrip("-n"))
        words = words[:pipe]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.suppress(SystemExit):
        cli.main(words[1:])
    lines = (out.getvalue() + err.getvalue()).splitlines()
    return [line.rstrip() for line in (lines[:head] if head is not None else lines)]


def _block(match: re.Match[str]) -> str:
    lines: list[str] = []
    for line in match.group(2).splitlines():
        if line.startswith("$ "):
            lines.append(line)
            lines.extend(_run(line[2:]))
    return match.group(1) + "".join(f"{line}\n" for line in lines) + match.group(3)


def main() -> None:
    os.chdir(ROOT)
    os.environ["COLUMNS"] = "100"
    PAGE.write_text(BLOCK.sub(_block, PAGE.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
