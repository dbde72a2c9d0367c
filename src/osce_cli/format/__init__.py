"""The release format: which keys a release has, their shape and types, dates,
language tags and the grammar of a dateline.
"""
