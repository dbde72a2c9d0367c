"""``osce new release``: gathering the answers from flags and prompts, and writing
the new file from a template.
"""
