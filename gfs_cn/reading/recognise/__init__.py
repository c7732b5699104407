"""Recognition: what a line is — a table's title, its header, the report's metadata — read from data."""
