"""`osce new release --translation-of PATH --language LANG`: a translation beside its original."""

from __future__ import annotations

import io
from pathlib import Path

import pexpect
import pytest

from osce_cli import commands as api
from osce_cli.authoring.gather import Given
from osce_cli.support.errors import OsceError
from tests.authoring.test_new_release import spawn
from tests.conftest import VALID, diagnostics

#: The original, with a comment and no `language` (English by default).
ORIGINAL = VALID.replace("language: en\n", "").replace(
    "place: Pristina", "place: Pristina   # where the dateline is"
)
TRANSLATION_FRONT_MATTER = ORIGINAL.split("---\nPRISTINA", 1)[0].replace(
    "  - Serbia\n", "  - Serbia\nlanguage: ru\n"
)


def new(
    original: str | Path,
    language: str | None = "ru",
    *,
    interactive: bool = False,
    **options: object,
) -> tuple[int, str]:
    given = options.pop("given", Given(language=language))
    out = io.StringIO()
    code = api.new_release(
        api.NewReleaseOptions(given=given, translation_of=Path(original), **options),  # type: ignore[arg-type]
        out,
        interactive=interactive,
    )
    return code, out.getvalue()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.md").write_text(ORIGINAL, encoding="utf-8")
    return tmp_path


def test_the_translation_is_written_beside_the_original(folder: Path) -> None:
    assert new("x.md") == (0, "Created x.ru.md\n")
    written = (folder / "x.ru.md").read_text(encoding="utf-8")
    assert written == (
        TRANSLATION_FRONT_MATTER + "---\n"
        "ПРИШТИНА, 18 ноября 2007 года - TODO: the text of the release in 'ru'. "
        "Translate the title (and the summary) above too.\n"
    )
    # Front matter copied as written (the comment too), the dateline in Russian.
    assert "place: Pristina   # where the dateline is\n" in written
    # It passes every check but the placeholder, against its original too.
    code = api.validate(
        api.ValidateOptions(paths=("x.ru.md",), output_format="json", cache=False), io.StringIO()
    )
    assert code == 1
    assert [d.code for d in diagnostics(written)] == ["B102"]


def test_a_language_without_dateline_data_keeps_the_originals_dateline(folder: Path) -> None:
    written = new("x.md", "sr-Latn", to_stdout=True)[1]
    assert "\n---\nPRISTINA, 18 November 2007 – TODO:" in written


def test_a_joint_dateline_is_written_in_russian_place_by_place(folder: Path) -> None:
    joint = ORIGINAL.replace("place: Pristina   # where the dateline is", "place: [Vienna, Geneva]")
    joint = joint.replace("PRISTINA, 18 November 2007 – ", "VIENNA/GENEVA, 18 November 2007 – ")
    (folder / "j.md").write_text(joint, encoding="utf-8")
    written = new("j.md", to_stdout=True)[1]
    # Vienna has a Russian name (CLDR); Geneva has none recorded and stays as written.
    assert "\n---\nВЕНА/GENEVA, 18 ноября 2007 года - TODO:" in written


def test_an_existing_language_is_replaced_in_its_own_style(folder: Path) -> None:
    (folder / "y.md").write_text(VALID.replace("language: en", "language: 'en'"), "utf-8")
    assert new("y.md", "sr-Latn", to_stdout=True)[1].count("language: 'sr-Latn'\n") == 1
    assert not (folder / "y.sr-Latn.md").exists()


def test_crlf_line_endings_are_kept(folder: Path) -> None:
    (folder / "z.md").write_bytes(ORIGINAL.replace("\n", "\r\n").encode())
    new("z.md")
    assert b"  - Serbia\r\nlanguage: ru\r\n---\r\n" in (folder / "z.ru.md").read_bytes()


@pytest.mark.parametrize(
    ("original", "language", "message"),
    [
        ("missing.md", "ru", "missing.md: no such file or directory"),
        (
            "x.ru.md",
            "de",
            "x.ru.md: is itself the 'ru' translation of x.md; translate the original",
        ),
        ("x.md", "en", "--language: x.md is in 'en' already"),
        ("x.md", "EN", "--language: x.md is in 'en' already"),
        ("x.md", "russian", "--language: language 'russian' is not a BCP 47 language tag"),
        ("x.md", None, "missing --language (required when standard input is not a terminal)"),
    ],
)
def test_refusals_are_one_line_and_write_nothing(
    folder: Path, original: str, language: str | None, message: str
) -> None:
    (folder / "x.ru.md").write_text(VALID, encoding="utf-8")
    before = sorted(folder.iterdir())
    with pytest.raises(OsceError) as refused:
        new(original, language)
    assert str(refused.value).startswith(message)
    assert refused.value.exit_code == 2
    assert sorted(folder.iterdir()) == before


def test_an_existing_translation_is_never_overwritten_without_force(folder: Path) -> None:
    (folder / "x.ru.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(OsceError, match=r"^x\.ru\.md: already exists \(use --force"):
        new("x.md")
    assert (folder / "x.ru.md").read_text(encoding="utf-8") == "mine\n"
    assert new("x.md", force=True) == (0, "Created x.ru.md\n")


def test_other_values_are_the_originals(folder: Path) -> None:
    given = Given(title="X", labels={"sources": ("ODIHR",)}, language="ru")
    with pytest.raises(OsceError) as refused:
        new("x.md", given=given)
    assert str(refused.value) == (
        "--translation-of takes everything but the language from the original: "
        "drop --title, --source"
    )


def test_on_a_terminal_only_the_language_is_asked(folder: Path) -> None:
    child = spawn(folder, "--translation-of", "x.md")
    child.expect_exact("Language of the translation (a tag such as ru): ")
    child.sendline("en")
    child.expect_exact("x.md is in 'en' already")
    child.expect_exact("Language of the translation (a tag such as ru): ")
    child.sendline("ru")
    child.expect_exact("Created x.ru.md")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (folder / "x.ru.md").read_text(encoding="utf-8").startswith(TRANSLATION_FRONT_MATTER)


def test_the_command_line_refusal_is_one_line_with_exit_2(folder: Path) -> None:
    from typer.testing import CliRunner

    from osce_cli.cli.app import app

    result = CliRunner().invoke(
        app, ["new", "release", "--translation-of", "x.md", "--language", "en", "--no-input"]
    )
    assert (result.exit_code, result.output) == (
        2,
        "osce: error: --language: x.md is in 'en' already\n",
    )
