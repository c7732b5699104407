"""A griffe extension for the API reference: gfs_cn's docstrings, written for doctest and Sphinx, as Markdown.

gfs_cn's docstrings hold runnable ``>>>`` examples in their text (not in Google-style ``Examples:``
sections) and Sphinx roles (:class:`~gfs_cn.tables.Report`). Markdown would run an example's lines
into one paragraph and read ``['2101506']`` as a link, so each example becomes a fenced ``pycon``
block, and each role inline code. mkdocs.yml loads this file through mkdocstrings' ``extensions``.

>>> fence_doctests("Text :func:`~gfs_cn.check`.\\n>>> 1 + 1\\n2\\n\\nMore.").splitlines()
['Text `check`.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
"""

from __future__ import annotations

import re
from typing import Any

import griffe

__all__ = ["DoctestBlocks", "fence_doctests"]

_ROLE = re.compile(r":(?:class|func|mod|attr|meth|data|exc|obj):`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    target = match.group(2)
    return f"`{target.rsplit('.', 1)[-1] if match.group(1) else target}`"


def fence_doctests(text: str) -> str:
    """``>>>`` examples (to the next blank line) fenced as ``pycon``; Sphinx roles as inline code."""
    out: list[str] = []
    example: str | None = None  # the indent of the open example, if one is open
    in_fence = False
    for line in text.split("\n"):
        stripped = line.lstrip()
        if example is not None:
            if stripped:
                out.append(line)
                continue
            out.append(example + "```")
            example = None
        if stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and stripped.startswith(">>>"):
            example = line[: len(line) - len(stripped)]
            if out and out[-1].strip():
                out.append("")
            out.extend((example + "```pycon", line))
            continue
        out.append(line if in_fence else _ROLE.sub(_role, line))
    if example is not None:
        out.append(example + "```")
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Rewrites every docstring griffe loads with :func:`fence_doctests`."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = fence_doctests(obj.docstring.value)
