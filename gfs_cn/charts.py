"""Charts of reports and roll-ups (图表), with a font that has Chinese characters (``pip install 'gfs-cn[plot]'``).

:func:`plot` draws, as horizontal bars with the class names as labels:

- one report, or one :class:`~gfs_cn.aggregate.Rollup`: expenditure by functional class (类);
- several reports (or roll-ups): their 类 side by side — a budget against its final account, or a
  department's budgets year on year.

``Report.plot()`` and ``Rollup.plot()`` call it. Amounts are drawn in ``unit`` (万元 by default); the
figures stay exact everywhere else — floats are made only for the picture. Labels need a font with
Chinese characters: the first installed one of the usual families (Noto Sans CJK, Source Han Sans,
WenQuanYi, SimHei, Microsoft YaHei, PingFang …) is used, or the one given as ``font=`` (a family
name, or the path of a ``.ttf``/``.otf``/``.ttc`` file). Where none is installed, :class:`FontMissingError`
says how to install one, rather than drawing empty boxes. The global matplotlib settings are not touched.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from gfs_cn.codes import Level
from gfs_cn.errors import GfsError
from gfs_cn.money import Unit

if TYPE_CHECKING:
    from gfs_cn.aggregate import Rollup
    from gfs_cn.tables import Report

__all__ = ["CJK_FONTS", "FontMissingError", "PlotMissingError", "cjk_font", "plot"]

CJK_FONTS: Final = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "Heiti SC",
    "STHeiti",
    "Songti SC",
    "SimSun",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Droid Sans Fallback",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
)
"""Font families with Chinese characters, in the order they are preferred."""

_INSTALL_FONT: Final = (
    "install one — Debian/Ubuntu: apt-get install fonts-noto-cjk; Fedora: dnf install google-noto-sans-cjk-fonts; "
    "macOS and Windows have one (PingFang SC, Microsoft YaHei) — or pass font= the path of a .ttf/.otf/.ttc file "
    "or the name of an installed family"
)


_UNIT_NAMES: Final = {Unit.YUAN: "yuan", Unit.WAN_YUAN: "10,000 yuan", Unit.YI_YUAN: "100 million yuan"}


class PlotMissingError(ImportError):
    """matplotlib is not installed; gfs_cn's charts need the extra ``gfs-cn[plot]``."""

    def __init__(self) -> None:
        super().__init__("gfs_cn's charts need matplotlib, which is not installed: pip install 'gfs-cn[plot]'")


class FontMissingError(GfsError):
    """No font with Chinese characters (中文字体) was found: the chart's labels would be empty boxes."""


def _matplotlib() -> Any:
    try:
        import matplotlib
        import matplotlib.pyplot  # loads the pyplot module onto matplotlib
    except ImportError as err:
        raise PlotMissingError() from err
    return matplotlib


def cjk_font(font: str | os.PathLike[str] | None = None) -> str:
    """The family name of a font with Chinese characters: ``font`` (a family, or a font file, which is
    registered with matplotlib), else the first installed of :data:`CJK_FONTS` or any other family whose
    name says CJK; :class:`FontMissingError` saying how to install one where there is none."""
    from matplotlib import font_manager

    _matplotlib()
    manager = font_manager.fontManager
    if font is not None:
        path = Path(font)
        if path.suffix.lower() in (".ttf", ".otf", ".ttc") or path.is_file():
            if not path.is_file():
                raise FontMissingError(f"no font file at {str(path)!r}")
            manager.addfont(str(path))
            return str(font_manager.FontProperties(fname=str(path)).get_name())
        names = {entry.name for entry in manager.ttflist}
        if str(font) not in names:
            raise FontMissingError(f"no installed font family is named {str(font)!r}; {_INSTALL_FONT}")
        return str(font)
    installed = {entry.name for entry in manager.ttflist}
    for family in CJK_FONTS:
        if family in installed:
            return family
    others = sorted(n for n in installed if any(w in n for w in ("CJK", "Han Sans", "Han Serif", "Hei", "Song")))
    if others:
        return others[0]
    raise FontMissingError(f"no font with Chinese characters is installed, so the chart's labels would be boxes: "
                           f"{_INSTALL_FONT}")  # fmt: skip


def _by_class(item: Report | Rollup) -> tuple[str, dict[str, tuple[str, Decimal]]]:
    """A label, and code → (name, amount in yuan) of every functional class (类) of a report or roll-up."""
    from gfs_cn.aggregate import Rollup, rollup
    from gfs_cn.tables import ClassifiedTable, Column, TableKind

    if isinstance(item, Rollup):
        totals, label = item, "roll-up"
    else:
        kinds = (TableKind.EXPENDITURE, TableKind.FINAL_EXPENDITURE, TableKind.FUNCTIONAL_SUMMARY,
                 TableKind.GENERAL_BUDGET_EXPENDITURE)  # fmt: skip
        table = next((t for kind in kinds for t in item.tables_of(kind)), None)
        if not isinstance(table, ClassifiedTable):
            raise GfsError(f"{item!r} prints no expenditure table by functional code to draw")
        column = Column.TOTAL if Column.TOTAL in table.columns or not table.columns else table.columns[0]
        totals, label = rollup(table.rows, column=column), f"{item.year} {item.kind.label}"
    return label, {subject.code: (subject.name, amount) for subject, amount in totals.named()
                   if len(subject.code) == Level.CLASS.digits}  # fmt: skip


def plot(
    *items: Report | Rollup,
    labels: Sequence[str] | None = None,
    unit: Unit | str = Unit.WAN_YUAN,
    font: str | os.PathLike[str] | None = None,
    ax: Any = None,
    title: str | None = None,
    names: bool = True,
) -> Any:
    """Expenditure by functional class (类) of one or more reports or roll-ups, as horizontal bars; returns
    the matplotlib ``Axes``.

    Several items are drawn side by side, one colour each, labelled by ``labels`` (default: each
    report's year and kind, e.g. ``2024 部门预算``): a budget against its final account, or years.
    ``unit`` is the unit of the axis, ``ax`` an ``Axes`` to draw in (default: a new figure),
    ``font`` as for :func:`cjk_font`. ``names=False`` labels the classes by code alone and writes no
    Chinese at all, so it needs no font with Chinese characters (give ``labels`` without any either).

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import gfs_cn
    >>> from gfs_cn.charts import FontMissingError
    >>> report = gfs_cn.read(gfs_cn.sample_path())
    >>> try:
    ...     ax = report.plot()
    ... except FontMissingError as err:  # a machine without a Chinese font says how to get one
    ...     assert "fonts-noto-cjk" in str(err)
    ... else:
    ...     assert ax.get_title() == "鞍山市医疗保障局: expenditure by functional class (类), 万元"
    """
    if not items:
        raise GfsError("give plot() a report or a roll-up to draw")
    matplotlib = _matplotlib()
    family = cjk_font(font) if names else "sans-serif"
    parsed = Unit.parse(unit)
    drawn = [_by_class(item) for item in items]
    legend = list(labels) if labels is not None else [label for label, _ in drawn]
    if len(legend) != len(drawn):
        raise GfsError(f"{len(drawn)} items to draw but {len(legend)} labels")
    return _draw(matplotlib, family, parsed, drawn, legend, items, ax, title, names)


def _draw(
    matplotlib: Any,
    family: str,
    parsed: Unit,
    drawn: list[tuple[str, dict[str, tuple[str, Decimal]]]],
    legend: list[str],
    items: Sequence[Report | Rollup],
    ax: Any,
    title: str | None,
    names: bool,
) -> Any:
    codes = sorted({code for _, classes in drawn for code in classes})
    class_names = {code: name for _, classes in drawn for code, (name, _) in classes.items()}
    from matplotlib import font_manager

    # the weight the font has (WenQuanYi Zen Hei has only 500): asked for another, matplotlib complains
    weights = [f.weight for f in font_manager.fontManager.ttflist if f.name == family]
    weight = weights[0] if weights and "normal" not in weights and 400 not in weights else "normal"
    settings = {"font.family": [family], "axes.unicode_minus": False}
    with matplotlib.rc_context({**settings, "font.weight": weight, "axes.titleweight": weight,
                                "axes.labelweight": weight}):  # fmt: skip
        if ax is None:
            _, ax = matplotlib.pyplot.subplots(figsize=(8, 0.5 + 0.45 * len(codes) * max(1, len(drawn)) ** 0.5))
        height = 0.8 / len(drawn)
        for i, (name, (_, classes)) in enumerate(zip(legend, drawn, strict=True)):
            # floats for the picture only: the figures stay exact everywhere else
            values = [float(classes[c][1] / parsed.factor) if c in classes else 0.0 for c in codes]
            positions = [n + (i - (len(drawn) - 1) / 2) * height for n in range(len(codes))]
            bars = ax.barh(positions, values, height=height, label=name)
            if len(drawn) == 1:
                ax.bar_label(bars, labels=[f"{v:,.2f}" for v in values], padding=3)
                ax.margins(x=0.15)
        ax.set_yticks(range(len(codes)), [f"{code} {class_names[code]}" if names else code for code in codes])
        ax.invert_yaxis()
        shown = parsed.value if names else _UNIT_NAMES[parsed]
        ax.set_xlabel(shown)
        department = next((getattr(item, "department", "") for item in items if hasattr(item, "department")), "")
        if names:
            default = f"{department + ': ' if department else ''}expenditure by functional class (类), {shown}"
        else:
            default = f"expenditure by functional class, {shown}"
        ax.set_title(title or default)
        if len(drawn) > 1:
            ax.legend()
        ax.figure.tight_layout()
    return ax
