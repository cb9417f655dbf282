"""Objective measures from sensors: readers, tremor, breathing, R-peaks and heart-rate variability."""
