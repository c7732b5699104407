"""Speed of the strict amount parser, against baselines in the same run. Prints figures; asserts nothing.

    python benchmarks/money.py

The reader asks of every cell whether it is an amount (``is_amount``) and parses those that are
(``parse_decimal``). Baselines: ``Decimal(text)`` of the bare figure, which checks nothing, and the
lenient parser gfs_cn had before issue 9 (it deleted separators and blanks anywhere).
"""

from __future__ import annotations

import sys
import timeit
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gfs_cn.money import is_amount, parse_decimal  # noqa: E402

# The lenient parser before issue 9, kept here as the baseline it was.
_OLD_TO_ASCII = str.maketrans(
    {
        **{chr(0xFF10 + d): str(d) for d in range(10)},
        "．": ".",
        "－": "-",
        "（": "(",
        "）": ")",
        "＋": "+",
        ",": None,
        "，": None,
        " ": None,
        "\u3000": None,
        "\u00a0": None,
    }
)


def _old_parse(text: str) -> Decimal | None:
    stripped = text.strip()
    if stripped in ("", "-", "—", "－"):
        return None
    cleaned = stripped.translate(_OLD_TO_ASCII)
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1]
    value = Decimal(cleaned)
    return -value if negative else value


CELLS = {
    "grouped": "2,311.07",
    "plain": "442.28",
    "negative": "(1.50)",
    "full-width": "２，３１１．０７",
    "blank": "",
    "dash": "—",
}
TEXT_CELLS = {"name": "行政运行", "glued": "92.00 221"}


def _best_ns(call: object, number: int = 100_000, repeat: int = 5) -> float:
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number * 1e9  # type: ignore[arg-type]


def main() -> None:
    print(f"{'cell':<11} {'text':<16} {'Decimal()':>10} {'old parse':>10} {'parse_decimal':>14} {'is_amount':>10}  ns")
    for name, text in CELLS.items():
        bare = text.replace(",", "").replace("(", "-").replace(")", "") if text.isascii() else "2311.07"
        baseline = _best_ns(lambda b=bare: Decimal(b or "0"))
        old = _best_ns(lambda t=text: _old_parse(t))
        new = _best_ns(lambda t=text: parse_decimal(t))
        check = _best_ns(lambda t=text: is_amount(t))
        print(f"{name:<11} {text!r:<16} {baseline:10.0f} {old:10.0f} {new:10.0f} ({new / old:4.2f}x) {check:10.0f}")
    for name, text in TEXT_CELLS.items():
        check = _best_ns(lambda t=text: is_amount(t))
        print(f"{name:<11} {text!r:<16} {'':>10} {'':>10} {'(raises)':>14} {check:10.0f}")


if __name__ == "__main__":
    main()
