"""Tables recognised by what their titles say: moved to :mod:`gfs_cn.tables.titles`, below the reader and
the checks, which share it; the names stay importable from here."""

from __future__ import annotations

from gfs_cn.tables.titles import TABLE_NUMBER, is_title_text, printed_title, title_kind, title_parts

__all__ = ["TABLE_NUMBER", "is_title_text", "printed_title", "title_kind", "title_parts"]
