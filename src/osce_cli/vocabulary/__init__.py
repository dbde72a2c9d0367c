"""The controlled vocabulary: terms with their labels and lives, project vocabulary
files, dateline places, and "did you mean" suggestions.
"""
