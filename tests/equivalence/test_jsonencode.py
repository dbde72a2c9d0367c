"""The JSON encoder of the exports writes what ``json.dumps`` writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from osce_cli.export.jsonencode import to_json

#: JSON values, with the text an export holds: controls, quotes, non-ASCII.
values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),  # NaN and infinities too: json.dumps writes them
        st.text(max_size=12),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.tuples(children, children),
        st.dictionaries(st.text(max_size=6), children, max_size=4),
    ),
    max_leaves=12,
)


def reference(data: Any, level: int = 0) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    return text.replace("\n", "\n" + "  " * level)


@settings(max_examples=250, deadline=None)
@given(values, st.integers(min_value=0, max_value=3))
@example({"b": 1, "a": ["x", {"c": None}], "é": '\u2028\x00"\\'}, 1)
@example({}, 0)
@example([[], {}, ()], 2)
def test_the_text_is_what_json_dumps_writes(data: Any, level: int) -> None:
    assert to_json(data, level) == reference(data, level)


def test_what_it_does_not_handle_is_left_to_json_dumps() -> None:
    # Keys that are not strings: json.dumps writes them as strings.
    assert to_json({2: "a", 1: [True, 1.5]}, 1) == reference({2: "a", 1: [True, 1.5]}, 1)
