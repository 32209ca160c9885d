"""One module per input format: bytes in, `Article` or `LoadError` values out."""
