"""The `psoas` command: a thin terminal face over the practice, store and signals packages."""
