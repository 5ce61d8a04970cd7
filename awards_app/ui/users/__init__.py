"""The Users page: who signs in to a shared database (issue 15, item 2)."""
