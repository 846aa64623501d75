"""Near-duplicate articles across rules: MinHash/LSH over the search's CJK-aware tokens (datasketch)."""
