"""Speed of gfs_cn.aggregate.rollup on 1,000,000 line items, against a hand loop and pandas. Asserts nothing.

    python benchmarks/rollup.py [--items N] [--repeat R]

Items are ``(code, amount)`` pairs: a random real 项 code of the catalogue and a ``Decimal`` yuan amount
with two decimals. Every contender produces the totals of every 项, 款 and 类 present:

- ``rollup(items)``;
- a hand-written loop: ``Decimal`` sums in a dict keyed by code, then each code's sum carried to its 款 and
  类 (what rollup does, without checking codes, subtotals, units or amount types);
- pandas ``groupby().sum()`` on float amounts (inexact: shown for speed only), then the same carried up
  by code prefix — timed on a ready DataFrame, and including building it from the same Python list.

Targets (issue: aggregation helpers): rollup ≤ 1.5× the hand loop, and no slower than pandas. Against a
DataFrame already built the second is out of reach for any Python loop that adds one exact ``Decimal`` per
item — the hand loop itself is several times slower than pandas' vectorised float sums — so rollup meets it
only where pandas has to build its frame from the same Python list.
Each figure is the best of ``--repeat`` runs, garbage collection off (``timeit``'s default).
"""

from __future__ import annotations

import argparse
import random
import timeit
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from gfs_cn import Level, functional
from gfs_cn.aggregate import rollup

ZERO = Decimal(0)


def make_items(n: int, seed: int = 20240101) -> list[tuple[str, Decimal]]:
    """``n`` pairs of a random 项 code and a random amount in yuan with two decimals."""
    rng = random.Random(seed)
    codes = [subject.code for subject in functional.subjects(Level.ITEM)]
    return [(rng.choice(codes), Decimal(rng.randrange(0, 10**10)).scaleb(-2)) for _ in range(n)]


def hand_loop(items: list[tuple[str, Decimal]]) -> dict[str, Decimal]:
    """The baseline: Decimal sums per code, then propagated to 款 and 类."""
    sums: dict[str, Decimal] = {}
    get = sums.get
    for code, amount in items:
        sums[code] = get(code, ZERO) + amount
    totals = dict(sums)
    for code, amount in sums.items():
        for n in (3, 5):
            parent = code[:n]
            totals[parent] = totals.get(parent, ZERO) + amount
    return totals


def best(function: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` single runs, in seconds."""
    return min(timeit.repeat(function, number=1, repeat=repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    items = make_items(args.items)
    distinct = len({code for code, _ in items})
    rollup(items[:10])  # load the catalogue before timing
    print(f"{args.items:,} items over {distinct:,} distinct 项 codes; best of {args.repeat} runs")

    expected = hand_loop(items)
    assert dict(rollup(items)) == expected, "rollup and the hand loop disagree"
    t_rollup = best(lambda: rollup(items), args.repeat)
    t_hand = best(lambda: hand_loop(items), args.repeat)
    print(f"rollup(items):                         {t_rollup * 1e3:8.1f} ms")
    print(f"hand loop (Decimal in dict):           {t_hand * 1e3:8.1f} ms")
    print(f"  ratio rollup / hand loop:            {t_rollup / t_hand:8.2f}x  (target <= 1.5x)")

    try:
        import pandas as pd
    except ImportError:
        print("pandas is not installed: pip install pandas, for the comparison with groupby().sum()")
        return

    def build() -> Any:
        frame = pd.DataFrame(items, columns=["code", "amount"])
        frame["amount"] = frame["amount"].astype(float)
        return frame

    def group(frame: Any) -> Any:
        leaves = frame.groupby("code", sort=False)["amount"].sum()
        parents = [leaves.groupby(leaves.index.str[:n], sort=False).sum() for n in (5, 3)]
        return pd.concat([leaves, *parents])

    frame = build()
    pandas_totals = group(frame)
    worst = max(abs(float(expected[code]) - value) for code, value in pandas_totals.items())
    t_group = best(lambda: group(frame), args.repeat)
    t_build_group = best(lambda: group(build()), args.repeat)
    print(f"pandas groupby().sum(), frame ready:   {t_group * 1e3:8.1f} ms")
    print(f"pandas build frame + groupby().sum():  {t_build_group * 1e3:8.1f} ms")
    print(f"  ratio rollup / pandas (frame ready): {t_rollup / t_group:8.2f}x  (target <= 1x)")
    print(f"  ratio rollup / pandas (with build):  {t_rollup / t_build_group:8.2f}x  (target <= 1x)")
    print(f"  pandas float sums differ from the exact ones by up to {worst:.6f} yuan")


if __name__ == "__main__":
    main()
