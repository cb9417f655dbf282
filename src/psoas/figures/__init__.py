"""Figures of the exercises: one body model, poses as data, a plausibility check and an SVG renderer.

Pure, like the rest of the domain: it imports no other part of psoas. The practice content holds
each exercise's pose as data for this model; the web app and the CLI both draw it with `svg`.
"""
