"""Reading a release file: bytes to text, text to front matter (a tree with source
positions) and body. Nothing here knows what the keys mean.
"""
