"""Configuration: discovery, every key, and errors that name the file and the key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osce_cli.config import Config, find_config, load_config
from osce_cli.report.diagnostics import Severity
from osce_cli.support.errors import ConfigError
from tests.conftest import VALID, run_osce

ALIAS = VALID.replace("  - OSCE Mission in Kosovo", "  - OSCE Mission to Kosovo")
UNKNOWN = VALID.replace("  - Serbia", "  - Kosovo")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(cwd: Path, *args: str) -> tuple[int, list[str]]:
    result = run_osce("validate", "--format", "json", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr.decode()
    return result.returncode, [d["code"] for d in json.loads(result.stdout)["diagnostics"]]


def test_no_config_gives_defaults(tmp_path: Path) -> None:
    # Outside any git work tree there is no project: every *.md file is a release.
    assert load_config(start=tmp_path) == Config(anywhere=True)
    assert load_config(start=tmp_path).releases() is None
    assert find_config(tmp_path) is None
    # In a git work tree, its top is the project folder and releases-dir counts.
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    assert load_config(start=tmp_path / "sub") == Config(root=tmp_path)
    assert load_config(start=tmp_path / "sub").releases() is not None


def test_nearest_config_walking_up(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.osce]\nignore = ["V"]\n')
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    assert find_config(inner) == tmp_path / "pyproject.toml"
    write(tmp_path / "a" / "osce.toml", 'ignore = ["B"]\n')
    assert find_config(inner) == tmp_path / "a" / "osce.toml"


def test_pyproject_without_a_table_does_not_count(tmp_path: Path) -> None:
    write(tmp_path / "osce.toml", 'ignore = ["V"]\n')
    write(tmp_path / "sub" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "sub") == tmp_path / "osce.toml"


def test_osce_toml_wins_over_pyproject_in_one_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.osce]\nignore = ["V"]\n')
    write(tmp_path / "osce.toml", 'ignore = ["B"]\n')
    assert find_config(tmp_path) == tmp_path / "osce.toml"


def test_select_and_ignore_from_config(tmp_path: Path) -> None:
    write(tmp_path / "a.md", UNKNOWN.replace("The elections", "TODO The elections"))
    assert codes(tmp_path, "a.md") == (1, ["V101", "B102"])
    write(tmp_path / "osce.toml", 'ignore = ["B"]\n')
    assert codes(tmp_path, "a.md") == (1, ["V101"])
    write(tmp_path / "osce.toml", 'select = ["B102"]\n')
    assert codes(tmp_path, "a.md") == (1, ["B102"])
    # The command line's --select replaces the config's; --ignore adds to it.
    assert codes(tmp_path, "a.md", "--select", "V") == (1, ["V101"])
    write(tmp_path / "osce.toml", 'ignore = ["B"]\n')
    assert codes(tmp_path, "a.md", "--ignore", "V101") == (0, [])


def test_per_rule_severity(tmp_path: Path) -> None:
    write(tmp_path / "a.md", ALIAS)
    assert codes(tmp_path, "a.md") == (0, ["V102"])
    write(tmp_path / "pyproject.toml", '[tool.osce.severity]\nV102 = "error"\n')
    assert codes(tmp_path, "a.md") == (1, ["V102"])
    write(tmp_path / "pyproject.toml", '[tool.osce.severity]\nunknown-term = "warning"\n')
    write(tmp_path / "b.md", UNKNOWN)
    assert codes(tmp_path, "b.md") == (0, ["V101"])


def test_per_file_ignores(tmp_path: Path) -> None:
    write(tmp_path / "releases/1999/old.md", UNKNOWN)
    write(tmp_path / "releases/2020/new.md", UNKNOWN)
    write(tmp_path / "osce.toml", '[per-file-ignores]\n"releases/1999/**" = ["V101"]\n')
    result = run_osce("validate", "releases", "--format", "json", cwd=tmp_path)
    paths = [d["path"] for d in json.loads(result.stdout)["diagnostics"]]
    assert paths == ["releases/2020/new.md"]


def test_per_file_ignores_by_folder_name(tmp_path: Path) -> None:
    write(tmp_path / "releases/archive/1999/old.md", UNKNOWN)
    write(tmp_path / "osce.toml", '[per-file-ignores]\n"archive" = ["V"]\n')
    assert codes(tmp_path, "releases") == (0, [])


def test_exclude_applies_to_folder_searches(tmp_path: Path) -> None:
    write(tmp_path / "releases/drafts/x.md", UNKNOWN)
    write(tmp_path / "releases/2020/y.md", VALID)
    write(tmp_path / "osce.toml", 'exclude = ["releases/drafts"]\n')
    result = run_osce("validate", "releases", cwd=tmp_path)
    assert result.stdout.decode() == "Checked 1 file: no problems found.\n"
    # A file named on the command line is checked anyway...
    assert codes(tmp_path, "releases/drafts/x.md") == (1, ["V101"])
    # ...unless --force-exclude (what the pre-commit hook passes).
    forced = run_osce("validate", "--force-exclude", "releases/drafts/x.md", cwd=tmp_path)
    assert forced.stdout.decode() == "Checked 0 files: no problems found.\n"


def test_extra_vocabulary_adds_terms_and_aliases(tmp_path: Path) -> None:
    write(tmp_path / "a.md", UNKNOWN.replace("  - OSCE Mission in Kosovo", "  - UNMIK"))
    assert codes(tmp_path, "a.md") == (1, ["V101", "V101"])
    write(
        tmp_path / "vocab" / "local.yaml",
        "facet: states\n"
        "terms:\n"
        "  - id: kosovo\n"
        "    label: Kosovo\n"
        "    note: Not a participating State; our office tags releases with it.\n",
    )
    write(
        tmp_path / "vocab" / "sources.yaml",
        "facet: field-operations\nterms:\n  - id: mission-in-kosovo\n    aliases: [UNMIK]\n",
    )
    write(tmp_path / "osce.toml", 'vocabulary = ["vocab/local.yaml", "vocab/sources.yaml"]\n')
    assert codes(tmp_path, "a.md") == (0, ["V102"])
    listed = run_osce("vocab", "states", "--search", "kosovo", cwd=tmp_path).stdout.decode()
    assert "Kosovo  [kosovo]" in listed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('selct = ["V"]\n', "osce.toml: selct: unknown key (did you mean 'select'?)"),
        (
            'select = ["X1"]\n',
            "osce.toml: select: 'X1' is not a rule code, code prefix or rule name",
        ),
        ("select = 3\n", "osce.toml: select: must be a list of strings"),
        (
            '[severity]\nV102 = "fatal"\n',
            "osce.toml: severity.V102: unknown severity 'fatal' (use error, warning or info)",
        ),
        ('[severity]\nQ1 = "error"\n', "osce.toml: severity.Q1: is not a rule code or name"),
        ('vocabulary = ["missing.yaml"]\n', "osce.toml: vocabulary: no such file: missing.yaml"),
        (
            '[per-file-ignores]\n"x/**" = ["nope"]\n',
            "osce.toml: per-file-ignores.x/**: 'nope' is not a rule code, code prefix or rule name",
        ),
        ("select = [\n", "osce.toml: invalid TOML: "),
    ],
)
def test_configuration_errors_exit_2_naming_file_and_key(
    tmp_path: Path, content: str, message: str
) -> None:
    write(tmp_path / "osce.toml", content)
    write(tmp_path / "a.md", VALID)
    result = run_osce("validate", "a.md", cwd=tmp_path)
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert stderr.startswith(f"osce: error: {tmp_path / message}"), stderr
    assert stderr.count("\n") == 1
    assert result.stdout == b""


def test_unknown_key_in_pyproject_names_the_table(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.osce]\nexlcude = ["x"]\n')
    with pytest.raises(ConfigError) as error:
        load_config(start=tmp_path)
    assert str(error.value) == (
        f"{tmp_path / 'pyproject.toml'}: [tool.osce] exlcude: unknown key (did you mean 'exclude'?)"
    )


def test_broken_vocabulary_file_is_a_configuration_error(tmp_path: Path) -> None:
    write(tmp_path / "v.yaml", "facet: states\nterms:\n  - id: Bad Id\n    label: x\n")
    write(tmp_path / "osce.toml", 'vocabulary = ["v.yaml"]\n')
    write(tmp_path / "a.md", VALID)
    result = run_osce("validate", "a.md", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"osce: error: {tmp_path / 'v.yaml'}: terms.0.id:")


def test_explicit_config_and_isolated(tmp_path: Path) -> None:
    write(tmp_path / "a.md", UNKNOWN)
    write(tmp_path / "osce.toml", 'ignore = ["V"]\n')
    write(tmp_path / "other.toml", 'ignore = ["B"]\n')
    assert codes(tmp_path, "a.md") == (0, [])
    assert codes(tmp_path, "a.md", "--isolated") == (1, ["V101"])
    assert codes(tmp_path, "a.md", "--config", "other.toml") == (1, ["V101"])


def test_config_values_are_parsed(tmp_path: Path) -> None:
    write(
        tmp_path / "osce.toml",
        'releases-dir = "archive"\nfilename-pattern = "{yyyy}/{slug}.md"\n'
        'exclude = ["drafts"]\n[severity]\nB103 = "error"\n',
    )
    config = load_config(start=tmp_path)
    assert config.releases_dir == "archive"
    assert config.filename_pattern == "{yyyy}/{slug}.md"
    assert config.exclude == ("drafts",)
    assert config.severity == (("B103", Severity.ERROR),)
    assert config.root == tmp_path.resolve()


def test_a_pyproject_without_osce_is_skipped_unread(tmp_path: Path) -> None:
    # Not even parsed: it would be an error to parse, and it does not matter.
    write(tmp_path / "osce.toml", 'ignore = ["V"]\n')
    write(tmp_path / "sub" / "pyproject.toml", "[project\nname = broken\n")
    assert find_config(tmp_path / "sub") == tmp_path / "osce.toml"


def test_include_is_a_list_of_patterns(tmp_path: Path) -> None:
    write(tmp_path / "osce.toml", 'include = ["releases/**/*.md", "!releases/drafts/"]\n')
    assert load_config(start=tmp_path).include == ("releases/**/*.md", "!releases/drafts/")
    write(tmp_path / "osce.toml", "include = 3\n")
    with pytest.raises(ConfigError) as error:
        load_config(start=tmp_path)
    assert str(error.value) == f"{tmp_path / 'osce.toml'}: include: must be a list of strings"


def test_without_a_file_the_project_folder_is_the_top_of_the_git_work_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inner = tmp_path / "repo" / "docs"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    assert load_config().root == inner  # no file, no git: the working folder
    (tmp_path / "repo" / ".git").mkdir()
    assert load_config().root == tmp_path / "repo"
    assert load_config(isolated=True).root == tmp_path / "repo"
    write(tmp_path / "osce.toml", "")  # a file above the work tree still wins
    assert load_config().root == tmp_path.resolve()
