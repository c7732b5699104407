"""The documentation site builds with warnings as errors, its generated page is current, and its examples run.

The ``>>>`` examples of docs/*.md run as doctests (pytest's ``--doctest-glob=*.md``); this module makes sure
every Python example *is* one, runs the command-line examples of docs/cli.md, and builds the site.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from gfs_cn import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
_FENCE = re.compile(r"^```(?P<lang>[\w-]*)[^\n]*\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(page: Path, lang: str) -> list[str]:
    return [m["body"] for m in _FENCE.finditer(page.read_text(encoding="utf-8")) if m["lang"] == lang]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"gfs_cn_docs_{name}", DOCS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None, reason="mkdocs is not installed: pip install -e '.[docs]'"
)
def test_the_site_builds_strictly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    print(f"mkdocs build --strict: {elapsed:.1f} s")

    for page in (
        "index.html",
        "concepts/index.html",
        "checks/index.html",
        "api/catalogue/index.html",
        "cookbook.ipynb",
        "schema.json",  # the JSON Schema of a report, published
    ):
        assert (site / page).is_file(), page
    assert not list(site.rglob("*.py")), "the docs' tooling is not published"
    # The API reference is generated, examples fenced as code (docs/doctest_blocks.py), roles turned into code.
    catalogue = (site / "api" / "catalogue" / "index.html").read_text(encoding="utf-8")
    assert "gfs_cn.catalog.Classification" in catalogue
    assert "lookup" in catalogue
    assert ":class:" not in catalogue
    assert ":func:" not in catalogue
    assert "language-pycon" in catalogue or 'class="highlight"' in catalogue
    checks = (site / "checks" / "index.html").read_text(encoding="utf-8")
    from gfs_cn.checks import rules

    assert all(rule.id in checks for rule in rules())


def test_the_rules_page_is_current() -> None:
    gen_rules = _load("gen_rules")
    page = DOCS / "checks.md"
    current = page.read_text(encoding="utf-8")
    assert gen_rules.render(current) == current, "docs/checks.md is out of date: run python docs/gen_rules.py"
    assert gen_rules.main(["--check"]) == 0


def test_the_rules_page_lists_every_rule_once() -> None:
    from gfs_cn.checks import rules

    text = (DOCS / "checks.md").read_text(encoding="utf-8")
    section = text[text.index("<!-- rules:start -->") : text.index("<!-- rules:end -->")]
    for rule in rules():
        assert section.count(f"| `{rule.id}` |") == 1, rule.id


def test_doctest_blocks_fences_examples_and_roles() -> None:
    fence = _load("doctest_blocks").fence_doctests
    text = (
        "Intro :class:`~gfs_cn.tables.Report` and :func:`gfs_cn.check`.\n>>> 1 + 1\n2\n\nAfter.\n\n```\n>>> kept\n```"
    )
    assert fence(text).splitlines() == [
        "Intro `Report` and `gfs_cn.check`.",
        "",
        "```pycon",
        ">>> 1 + 1",
        "2",
        "```",
        "",
        "After.",
        "",
        "```",
        ">>> kept",
        "```",
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_every_python_example_is_a_doctest(page: Path) -> None:
    """A ```python block without ``>>>`` would be shown but never run; console blocks run only in cli.md."""
    for block in _blocks(page, "python"):
        assert block.lstrip().startswith(">>>"), f"{page.name}: a Python example that is not a doctest:\n{block}"
    if page.name != "cli.md":
        assert not _blocks(page, "console"), f"{page.name}: console examples run only from docs/cli.md"


def _console_examples() -> list[tuple[str, list[str]]]:
    examples: list[tuple[str, list[str]]] = []
    for block in _blocks(DOCS / "cli.md", "console"):
        for line in block.splitlines():
            if line.startswith("$ "):
                examples.append((line[2:], []))
            else:
                assert examples, f"output before any command in docs/cli.md: {line!r}"
                examples[-1][1].append(line)
    return examples


CONSOLE = _console_examples()


def test_cli_page_has_examples_of_every_command() -> None:
    commands = {shlex.split(command)[1] for command, _ in CONSOLE}
    assert commands >= {"lookup", "search", "tree", "map", "read", "check", "show", "demo"}


@pytest.mark.parametrize(("command", "expected"), CONSOLE, ids=[c for c, _ in CONSOLE])
def test_cli_example(
    command: str, expected: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")
    words = shlex.split(command)
    head: int | None = None
    if "|" in words:  # only `| head -N` is supported
        pipe = words.index("|")
        assert words[pipe + 1 :][:1] == ["head"], command
        head = int(words[pipe + 2].lstrip("-n"))
        words = words[:pipe]
    assert words[0] == "gfs-cn", command
    cli.main(words[1:])
    captured = capsys.readouterr()
    lines = (captured.out + captured.err).splitlines()
    if head is not None:
        lines = lines[:head]
    assert [line.rstrip() for line in lines] == [line.rstrip() for line in expected]
