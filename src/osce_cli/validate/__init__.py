"""Checking many files: which files are releases, running the rules over them (in
worker processes for large runs), the result cache, and applying fixes.
"""
