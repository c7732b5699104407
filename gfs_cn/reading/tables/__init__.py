"""Typed tables: rows of each shape from a table's block of lines, across pages, and the report."""
