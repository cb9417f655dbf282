"""The practice itself: the library of exercises, screening rules, the planner and programs.

Pure Python: it reads its own data files and nothing else, and imports no web, store or CLI code.
"""
