"""``shape.py`` (what validate runs) reports exactly what the Pydantic model reports."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osce_cli.format import keys, model, shape
from osce_cli.frontmatter.document import load_document
from osce_cli.frontmatter.source import decode
from tests.conftest import EXAMPLES, REPO, VALID
from tests.equivalence.test_readers import corpus as front_matter_corpus


def comparable(errors: list[dict[str, Any]]) -> list[str]:
    """Order-free, and NaN-safe (NaN is not equal to itself)."""
    return sorted(repr(error) for error in errors)


def assert_same(data: Any) -> None:
    assert comparable(shape.shape_errors(data)) == comparable(model.model_errors(data))


def test_the_model_has_the_keys_of_the_table_in_order() -> None:
    assert tuple(model.Release.model_fields) == keys.RELEASE_KEYS
    assert tuple(model.Contact.model_fields) == keys.CONTACT_KEYS
    required = {name for name, info in model.Release.model_fields.items() if info.is_required()}
    assert required == {key.name for key in keys.KEYS if key.required}


def test_a_valid_release_has_no_errors() -> None:
    data = load_document("r.md", decode(VALID.encode())).data
    assert data is not None
    assert shape.shape_errors(data) == [] == model.model_errors(data)


def documents() -> list[Any]:
    """The front matter data of every release file in the repository and the test corpus."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.rglob("*.md"))]
    texts += [path.read_text(encoding="utf-8") for path in sorted((REPO / "tests").rglob("*.md"))]
    texts += [f"---\n{front_matter}---\nBody\n" for front_matter in front_matter_corpus()]
    found = [load_document("r.md", decode(text.encode())).data for text in texts]
    return [data for data in found if data is not None]


def test_same_errors_on_the_test_corpus() -> None:
    corpus = documents()
    assert len(corpus) > 20
    for data in corpus:
        assert_same(data)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": ""},
        {"title": "   "},
        {"title": "\x1c"},  # space to Python, not to Unicode (nor to Pydantic)
        {"title": "\u3000\xa0"},
        {"title": None, "type": 5, "summary": 1.5, "id": None, "embargo": None},
        {"place": "", "sources": [], "fields": None, "states": None},
        {"place": ["Vienna", "", " ", 3, None], "sources": "OSCE", "fields": {"a": 1}},
        {"date": None, "language": None, "embargo": 5, "id": "-bad"},
        {"date": "2007-02-30", "language": "xx-", "embargo": "2024-03-08T09:00"},
        {"date": 20071118, "language": 7, "embargo": "soon", "id": 12},
        {"contacts": None},
        {"contacts": "press@osce.org"},
        {"contacts": [None, "x", [], {}, {"name": ""}, {"name": "A", "fax": 1}]},
        {"contacts": [{"name": "A", "email": "a@b", "phone": "12"}]},
        {"contacts": [{"name": "A", "email": None, "phone": None}]},
        {"contacts": [{"name": "A", "email": 5, "phone": True}]},
        {"titel": "x", "date": "2007-11-18", "unknown": None},
        {"title": math.nan, "states": [math.inf, False]},
        {"function-": 1, "contacts": [{"function-after": 2}]},
    ],
)
def test_same_errors_on_edge_cases(data: dict[str, Any]) -> None:
    assert_same(data)


_text = st.one_of(
    st.sampled_from(["", " ", "\t", "\x1c", "\u2028", "Vienna", "OSCE", "x y", "en", "2007-11-18"]),
    st.text(max_size=6),
)
_scalar = st.one_of(
    _text,
    st.none(),
    st.booleans(),
    st.integers(-5, 99999999),
    st.floats(allow_nan=True, allow_infinity=True),
)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["name", "email", "phone", "x"]), inner, max_size=3),
    ),
    max_leaves=6,
)
_special = {
    "date": st.sampled_from(["2007-11-18", "2007-02-30", "18 November 2007", "2007-1-8", ""]),
    "embargo": st.sampled_from(
        ["2024-03-08T09:00:00+01:00", "2024-03-08T09:00", "2024-03-08 09:00Z", "x", ""]
    ),
    "language": st.sampled_from(["en", "ru", "en-GB", "xx", "EN", "de-", "", "sr-Latn"]),
    "id": st.sampled_from(["2007-11-18-a", "-a", "a b", "a.b_c-d", ""]),
    "contacts": st.lists(
        st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "name": _text,
                    "email": st.one_of(
                        st.sampled_from(["press@osce.org", "a@b", "a b@c.d", ""]), _scalar
                    ),
                    "phone": st.one_of(st.sampled_from(["+43 1 514 36 6000", "12", ""]), _scalar),
                    "fax": _scalar,
                },
            ),
            _value,
        ),
        max_size=3,
    ),
}
_release = st.fixed_dictionaries(
    {},
    optional={
        key: st.one_of(_special.get(key, _value), _value)
        for key in (*keys.RELEASE_KEYS, "titel", "extra")
    },
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_release)
def test_same_errors_on_generated_front_matter(data: dict[str, Any]) -> None:
    assert_same(data)


def test_validate_does_not_import_pydantic(tmp_path: Path) -> None:
    """The point of shape.py: a whole validate run without Pydantic (or Typer).

    Nor ``dataclasses`` (with ``inspect``): the records of a run are plain
    classes (see ``record.py``), which took a fifth off the start-up.
    """
    import subprocess
    import sys

    (tmp_path / "r.md").write_text(VALID, encoding="utf-8")
    bad = VALID.replace("title: OSCE", "titel: OSCE")
    (tmp_path / "bad.md").write_text(bad, encoding="utf-8")
    probe = (
        "import sys\n"
        "from osce_cli.__main__ import main\n"
        "code = main(['validate', '--no-cache', 'r.md', 'bad.md'])\n"
        "heavy = sorted(m for m in ('pydantic', 'typer', 'rich', 'jinja2', 'markdown_it',"
        " 'dataclasses', 'inspect') if m in sys.modules)\n"
        "print(code, heavy)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.stdout.splitlines()[-1] == "1 []", result.stdout + result.stderr
