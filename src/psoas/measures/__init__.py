"""Validated questionnaires as data, scored exactly by their published rules. Pure Python."""
