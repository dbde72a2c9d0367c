"""``osce export``: each release resolved against the vocabulary and rendered
(``to_*`` formats), written whole, and remembered so unchanged releases cost
nothing the next time."""
