"""The table of keys holds together with what is built from it and what it names."""

from __future__ import annotations

from pathlib import Path

from osce_cli.export.release_data import Record
from osce_cli.format import keys
from osce_cli.frontmatter.data import load_yaml_file
from osce_cli.support.resources import vocabulary_dir
from osce_cli.vocabulary.terms import FACET_FILES
from tests.conftest import run_osce


def test_each_facet_a_key_names_is_a_shipped_facet_file_and_back() -> None:
    shipped = {load_yaml_file(vocabulary_dir() / name)["facet"] for name in FACET_FILES}
    named = [facet for key in keys.VOCABULARY_KEYS for facet in key.facets]
    assert sorted(named) == sorted(shipped)
    assert len(set(named)) == len(named)  # a facet belongs to one key


def test_the_export_record_has_a_field_for_each_key() -> None:
    fields = set(Record._fields)
    assert {key.attribute for key in keys.KEYS} <= fields


def test_vocabulary_keys_say_what_their_values_are_and_are_asked_for() -> None:
    for key in keys.VOCABULARY_KEYS:
        assert key.kind in (keys.LABEL, keys.LABELS)
        assert key.noun and key.flag and key.question and key.help, key.name
    flags = [key.flag for key in keys.KEYS if key.flag]
    assert len(set(flags)) == len(flags)


def test_osce_rules_m101_names_every_key_of_the_table(tmp_path: Path) -> None:
    result = run_osce("rules", "M101", cwd=tmp_path)
    listed = result.stdout.decode().split("The keys are:", 1)[1].split("Fails:", 1)[0]
    words = listed.replace(",", " ").replace("(", " ").split()
    assert [word for word in words if word in keys.RELEASE_KEYS] == list(keys.RELEASE_KEYS)
    assert "(and name, email and phone inside a contact)" in listed
