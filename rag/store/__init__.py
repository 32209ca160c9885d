"""Storage: the Chroma adapter, the one chunk row schema, the keyword index."""
