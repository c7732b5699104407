"""Sources: each kind of input (a PDF, a text, space-aligned text) becomes the document model's lines."""
