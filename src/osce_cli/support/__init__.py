"""Plumbing every stage uses: user-facing errors, plain records, safe file writes,
shipped data files and signal handling.
"""
