"""Write a deterministic corpus of OSCE press releases for benchmarking `osce`.

    python benchmarks/corpus.py OUT_DIR --count N [--defects 0.05] [--front-matter-dir DIR]

Releases go to ``OUT_DIR/{yyyy}/{yyyy-mm-dd}-{slug}-{n}.md`` like the archive
in ``examples/``. The same ``--count`` always gives the same bytes: everything
comes from one ``random.Random(0)`` and no clock or locale is read. With
``--defects p`` the same releases are written, except that a fixed, evenly
spread fraction p of them carries one defect each, so a valid corpus and a
defective one of the same size differ only in those files. With
``--translations p`` an evenly spread fraction p of the releases also gets a
Russian version beside it (``x.ru.md`` beside ``x.md``), with the original's
metadata and a Russian title, dateline and body.

Standard library only: the harness must be able to build corpora with any
Python, before anything is installed.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

SEED = 0
FIRST_DATE = dt.date(2005, 1, 1)
LAST_DATE = dt.date(2024, 12, 31)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Issuing structures and the first day each existed. The corpus only spans
# 2005-2024, so every entry is valid today, but the generator still filters by
# date: widening the date range must never produce an anachronism (V103).
SOURCES: dict[str, dt.date] = {
    "OSCE Chairpersonship": dt.date(1990, 11, 21),
    "OSCE Secretariat": dt.date(1990, 11, 1),
    "OSCE Office for Democratic Institutions and Human Rights": dt.date(1993, 1, 1),
    "OSCE Mission in Kosovo": dt.date(1999, 7, 1),
    "OSCE Mission to Skopje": dt.date(1993, 1, 1),
    "OSCE Presence in Albania": dt.date(1997, 4, 1),
    "OSCE Programme Office in Bishkek": dt.date(1999, 1, 1),
    "OSCE Representative on Freedom of the Media": dt.date(1997, 12, 1),
}

# How each source is named in running text, so titles and bodies read like
# real releases ("ODIHR", not the full label, after the first mention).
ACTORS: dict[str, str] = {
    "OSCE Chairpersonship": "OSCE Chairperson-in-Office",
    "OSCE Secretariat": "OSCE Secretary General",
    "OSCE Office for Democratic Institutions and Human Rights": "ODIHR",
    "OSCE Mission in Kosovo": "OSCE Mission in Kosovo",
    "OSCE Mission to Skopje": "OSCE Mission to Skopje",
    "OSCE Presence in Albania": "OSCE Presence in Albania",
    "OSCE Programme Office in Bishkek": "OSCE Programme Office in Bishkek",
    "OSCE Representative on Freedom of the Media": "OSCE Representative on Freedom of the Media",
}

ALL_STATES = (
    "Serbia",
    "Albania",
    "Kyrgyzstan",
    "Ukraine",
    "Moldova",
    "Georgia",
    "Bosnia and Herzegovina",
    "Montenegro",
    "Kazakhstan",
    "Tajikistan",
    "Armenia",
    "Uzbekistan",
)


@dataclasses.dataclass(frozen=True)
class Desk:
    """A dateline place, the sources that plausibly speak from it, and the
    States its releases concern (home State first)."""

    sources: tuple[str, ...]
    states: tuple[str, ...]
    co_issuers: tuple[str, ...] = (
        "OSCE Chairpersonship",
        "OSCE Secretariat",
        "OSCE Office for Democratic Institutions and Human Rights",
        "OSCE Representative on Freedom of the Media",
    )


# Source/place pairs are kept sensible: a field operation writes from its own
# seat, ODIHR from Warsaw, the Chair and the Secretariat from Vienna.
DESKS: dict[str, Desk] = {
    "Vienna": Desk(
        ("OSCE Chairpersonship", "OSCE Secretariat", "OSCE Representative on Freedom of the Media"),
        ALL_STATES,
        ("OSCE Chairpersonship", "OSCE Secretariat"),
    ),
    "Warsaw": Desk(
        ("OSCE Office for Democratic Institutions and Human Rights",),
        ALL_STATES,
        ("OSCE Chairpersonship", "OSCE Representative on Freedom of the Media"),
    ),
    "Pristina": Desk(("OSCE Mission in Kosovo",), ("Serbia",)),
    "Tirana": Desk(("OSCE Presence in Albania",), ("Albania",)),
    "Skopje": Desk(("OSCE Mission to Skopje",), ("North Macedonia", "Albania", "Serbia")),
    "Bishkek": Desk(("OSCE Programme Office in Bishkek",), ("Kyrgyzstan",)),
}

TYPES = ("Press release", "Press release", "Press release", "Press statement", "News")

# Topics per field of work: each reads after "on" in a title or a sentence.
TOPICS: dict[str, tuple[str, ...]] = {
    "Elections": (
        "the training of polling station staff",
        "the accuracy of voter lists",
        "electoral dispute resolution",
        "the observation of parliamentary elections",
        "campaign finance oversight",
    ),
    "Human rights": (
        "the protection of human rights defenders",
        "the prevention of torture in places of detention",
        "freedom of peaceful assembly",
        "the rights of national minorities",
    ),
    "Rule of law": (
        "the independence of the judiciary",
        "fair trial standards",
        "the monitoring of war crimes proceedings",
        "access to free legal aid",
    ),
    "Media freedom and development": (
        "the safety of journalists",
        "the reform of public service broadcasting",
        "media literacy among young people",
        "access to information laws",
    ),
    "Gender equality": (
        "women's participation in political life",
        "the prevention of violence against women",
        "gender-responsive budgeting",
        "women in the security sector",
    ),
    "Border management": (
        "co-operation between border services",
        "the detection of forged travel documents",
        "the management of green borders",
        "risk analysis at border crossing points",
    ),
    "Democratization": (
        "the role of political parties in a democratic society",
        "the strengthening of parliamentary oversight",
        "citizens' participation in local decision-making",
    ),
    "Good governance": (
        "the prevention of corruption in public procurement",
        "transparency in municipal administrations",
        "the protection of whistle-blowers",
    ),
    "Policing": (
        "community policing",
        "the investigation of hate crimes by the police",
        "the professional training of police cadets",
    ),
    "Youth": (
        "the engagement of young people in public life",
        "youth dialogue across community lines",
    ),
    "National minority issues": (
        "the use of minority languages in education",
        "the integration of diverse societies",
    ),
    "Combating trafficking in human beings": (
        "the identification of victims of trafficking",
        "national referral mechanisms for trafficked persons",
    ),
}

# The fields of work a release may carry: the keys of TOPICS, so every field
# can supply the subject of a title or a paragraph.
FIELDS = tuple(TOPICS)

# Occasional endings that make titles as long as real ones
# ("... during visit to Pristina").
TITLE_ENDINGS = (
    "",
    " with national and international experts",
    " as part of a long-term programme",
    " together with national partners",
    " at the request of the host country",
    " during a two-day event in the capital",
)

ACTIONS = (
    ("supports", "supported"),
    ("hosts a conference on", "hosted a conference on"),
    ("launches a project on", "launched a project on"),
    ("calls for progress on", "called for progress on"),
    ("organizes training on", "organized training on"),
    ("publishes a report on", "published a report on"),
    ("opens a regional workshop on", "opened a regional workshop on"),
)

AUDIENCES = (
    "representatives of State institutions, civil society and the media",
    "judges, prosecutors and lawyers from across the country",
    "members of parliament and their advisers",
    "officials of the central and municipal administrations",
    "young leaders from different communities",
    "police officers and border guards",
)

SPEAKERS = (
    "the Head of the OSCE office",
    "the OSCE Chairperson-in-Office",
    "the Director of ODIHR",
    "the Deputy Head of the OSCE office",
    "the OSCE Secretary General",
)

QUOTES = (
    "Lasting progress depends on institutions that people can trust",
    "Our participating States have committed themselves to these standards, "
    "and we stand ready to help them put the commitments into practice",
    "Co-operation between authorities and civil society is the surest way to results "
    "that last beyond a single project",
    "The work done here shows what can be achieved when institutions, experts and "
    "citizens work together",
    "Every citizen should be able to rely on fair and transparent public services",
)

CONTEXT = (
    "The event is part of a long-term programme that the OSCE carries out at the "
    "request of the host country.",
    "Participants discussed good practices from across the OSCE region and agreed on "
    "practical steps for the coming year.",
    "The OSCE has supported similar activities since its field presence was established, "
    "in close co-operation with national partners.",
    "The recommendations will be shared with the relevant ministries and with the "
    "parliamentary committees responsible.",
    "Experts from several participating States presented their experience and answered "
    "questions from the participants.",
    "The initiative builds on the findings of earlier assessments and on the "
    "recommendations of OSCE institutions.",
    "A follow-up meeting is planned to review how the agreed measures have been implemented.",
    "The project is funded by extra-budgetary contributions from several participating States.",
    "Local authorities welcomed the initiative and expressed their readiness to continue "
    "the co-operation.",
    "Further training sessions will be held in other regions of the country later this year.",
)

CLOSING = (
    "The OSCE remains committed to supporting the host country in meeting its "
    "commitments in this field.",
    "Further information on the OSCE's work in this area is available from its press office.",
    "The event concluded with the adoption of a set of joint recommendations.",
)

DEFECT_KINDS = (
    "unknown-state",
    "dateline-date-mismatch",
    "missing-fields",
    "impossible-date",
    "alias-source",
    "todo-placeholder",
)
# ODIHR is an alias of a known source: osce reports it as a warning (V102), so
# a file with only that defect still validates with exit code 0.
WARNING_ONLY_KINDS = frozenset({"alias-source"})


# The schema comment the README recommends for editor support: real archives
# carry it, and parsers must skip it, so it belongs in the measured bytes.
MODELINE = "# yaml-language-server: $schema=../../schemas/release.schema.json"


@dataclasses.dataclass
class Release:
    """One release as data, before it is written out."""

    number: int
    title: str
    date: str  # front matter date; text, so that a defect can make it impossible
    dateline_date: str  # the date as printed in the dateline
    type: str
    places: list[str]
    sources: list[str]
    fields: list[str] | None  # None: the key is left out
    states: list[str]
    paragraphs: list[str]
    defect: str | None = None

    @property
    def stem(self) -> str:
        return f"{self.date}-{slugify(self.title)}-{self.number}"

    @property
    def year(self) -> str:
        return self.date[:4]

    def front_matter(self) -> str:
        """The YAML between the `---` lines, one key per line like the examples."""
        place = self.places[0] if len(self.places) == 1 else f"[{', '.join(self.places)}]"
        lines = [
            MODELINE,
            f"title: {self.title}",
            f"date: {self.date}",
            f"type: {self.type}",
            f"place: {place}",
            *yaml_list("sources", self.sources),
        ]
        if self.fields is not None:
            lines += yaml_list("fields", self.fields)
        lines += [*yaml_list("states", self.states), "language: en"]
        return "\n".join(lines) + "\n"

    def markdown(self) -> str:
        dateline = f"{'/'.join(p.upper() for p in self.places)}, {self.dateline_date} – "
        body = "\n\n".join([dateline + self.paragraphs[0], *self.paragraphs[1:]])
        return f"---\n{self.front_matter()}---\n{body}\n"

    def translation(self) -> str:
        """The Russian version: the same metadata, a title, dateline and body in Russian.

        Its words come from `random.Random(number)`, so adding translations
        changes no byte of any original.
        """
        rng = random.Random(self.number)
        day = dt.date.fromisoformat(self.date)
        front_matter = self.front_matter().replace(
            f"title: {self.title}\n", f"title: {rng.choice(RUSSIAN_TITLES)} ({self.number})\n", 1
        )
        front_matter = front_matter.replace("language: en\n", "language: ru\n", 1)
        places = "/".join(RUSSIAN_PLACES[place] for place in self.places)
        dateline = f"{places}, {day.day} {RUSSIAN_MONTHS[day.month - 1]} {day.year} года – "
        sentences = rng.sample(RUSSIAN_SENTENCES, 6)
        body = "\n\n".join(
            [dateline + " ".join(sentences[:2]), " ".join(sentences[2:4]), " ".join(sentences[4:])]
        )
        return f"---\n{front_matter}---\n{body}\n"


# The Russian version of a release: the desks' seats in capitals, the months
# in the genitive, as osce.org/ru datelines write them.
RUSSIAN_PLACES = {
    "Vienna": "ВЕНА",
    "Warsaw": "ВАРШАВА",
    "Pristina": "ПРИШТИНА",
    "Tirana": "ТИРАНА",
    "Skopje": "СКОПЬЕ",
    "Bishkek": "БИШКЕК",
}
RUSSIAN_MONTHS = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
RUSSIAN_TITLES = (
    "ОБСЕ поддерживает подготовку членов избирательных комиссий",
    "Семинар для журналистов о безопасности в профессии",
    "Мероприятие по вопросам прав человека собрало представителей гражданского общества",
    "ОБСЕ приветствует принятие нового закона",
    "Обучение сотрудников полиции работе с населением",
    "Круглый стол о равном участии женщин в общественной жизни",
)
RUSSIAN_SENTENCES = (
    "Участники обсудили практические шаги и обменялись опытом своих стран.",
    "Мероприятие прошло при поддержке ОБСЕ и партнеров из нескольких государств.",
    "Эксперты представили рекомендации, подготовленные по итогам работы в регионе.",
    "Представители государственных органов рассказали о принятых мерах.",
    "Особое внимание было уделено вопросам доверия между властями и обществом.",
    "Организаторы планируют провести следующую встречу в будущем году.",
    "В работе приняли участие около сорока человек, в том числе молодые специалисты.",
    "По словам выступавших, подобные встречи помогают находить общие решения.",
    "Материалы семинара будут опубликованы на сайте организации.",
    "Проект продолжится в течение следующих двух лет.",
)


def yaml_list(key: str, items: Sequence[str]) -> list[str]:
    return [f"{key}:", *(f"  - {item}" for item in items)]


def slugify(title: str, limit: int = 50) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word.

    Shorter than osce's own 80 characters: the harness passes thousands of
    these paths on one command line, which has to stay under ARG_MAX.
    """
    words = re.sub(r"[^a-z0-9 ]+", "", title.lower()).split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug


def dateline_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def random_date(rng: random.Random) -> dt.date:
    return dt.date.fromordinal(rng.randint(FIRST_DATE.toordinal(), LAST_DATE.toordinal()))


def valid_sources(candidates: Sequence[str], day: dt.date) -> list[str]:
    return [source for source in candidates if SOURCES[source] <= day]


def make_release(rng: random.Random, number: int) -> Release:
    """A valid release: every value is in the vocabulary and valid on its date."""
    day = random_date(rng)
    place = rng.choice(sorted(DESKS))
    desk = DESKS[place]
    places = [place]
    sources = [rng.choice(valid_sources(desk.sources, day))]
    co_issuers = valid_sources(desk.co_issuers, day)
    if co_issuers:
        sources += rng.sample(co_issuers, rng.randint(1, min(3, len(co_issuers))))
    if place == "Vienna" and rng.random() < 0.15:
        # A joint Vienna/Warsaw statement, as in examples/2022.
        places.append("Warsaw")
        sources.append("OSCE Office for Democratic Institutions and Human Rights")
    sources = list(dict.fromkeys(sources))
    fields = rng.sample(FIELDS, rng.randint(4, 6))
    states = [desk.states[0], *rng.sample(ALL_STATES, rng.randint(1, 4))]
    states = list(dict.fromkeys(states))
    actor = ACTORS[sources[0]]
    action_now, action_past = rng.choice(ACTIONS)
    topic = rng.choice(TOPICS[fields[0]])
    title = f"{actor} {action_now} {topic} in {states[0]}{rng.choice(TITLE_ENDINGS)}"
    return Release(
        number=number,
        title=title[0].upper() + title[1:],
        date=day.isoformat(),
        dateline_date=dateline_date(day),
        type=rng.choice(TYPES),
        places=places,
        sources=sources,
        fields=fields,
        states=states,
        paragraphs=make_body(rng, actor, action_past, topic, fields),
    )


def make_body(
    rng: random.Random, actor: str, action_past: str, topic: str, fields: Sequence[str]
) -> list[str]:
    """Three to six paragraphs: a lead, a quote, context, and a closing line."""
    # Drawn without replacement, so no sentence repeats within a release.
    context = rng.sample(CONTEXT, 2 + 2 * 3)
    subject = actor if actor == "ODIHR" else f"The {actor}"
    lead = (
        f"{subject} today {action_past} {topic}, bringing together "
        f"{rng.choice(AUDIENCES)}. {context.pop()}"
    )
    quote = f'"{rng.choice(QUOTES)}," said {rng.choice(SPEAKERS)}. {context.pop()}'
    paragraphs = [lead, quote]
    for field in fields[1 : 1 + rng.randint(0, 3)]:
        second_topic = rng.choice(TOPICS[field])
        paragraphs.append(
            f"Discussions also addressed {second_topic}. {context.pop()} {context.pop()}"
        )
    paragraphs.append(rng.choice(CLOSING))
    return paragraphs


def add_defect(release: Release, kind: str) -> None:
    """Give a release exactly one defect of the given kind."""
    release.defect = kind
    if kind == "unknown-state":
        release.states[0] = "Serbja"
    elif kind == "dateline-date-mismatch":
        day = dt.date.fromisoformat(release.date) + dt.timedelta(days=2)
        release.dateline_date = dateline_date(day)
    elif kind == "missing-fields":
        release.fields = None
    elif kind == "impossible-date":
        # Consistent in file name, front matter and dateline, so the date is
        # the only thing wrong.
        release.date = f"{release.year}-02-30"
        release.dateline_date = f"30 February {release.year}"
    elif kind == "alias-source":
        odihr = "OSCE Office for Democratic Institutions and Human Rights"
        if odihr in release.sources:
            # Replace rather than add: both names of one term would be a
            # duplicate item (M105), an error.
            release.sources[release.sources.index(odihr)] = "ODIHR"
        else:
            release.sources.append("ODIHR")
    elif kind == "todo-placeholder":
        release.paragraphs.insert(2, "TODO: add a quote from the Head of Mission.")
    else:
        raise ValueError(f"unknown defect kind {kind!r}")


def defective(index: int, fraction: float) -> bool:
    """Evenly spread and RNG-free: floor(N * fraction) files of N, whatever N."""
    return int((index + 1) * fraction) > int(index * fraction)


def releases(count: int, defects: float = 0.0) -> Iterator[Release]:
    """The corpus in order. Defects never consume randomness, so file k has
    the same content with and without --defects unless it is defective."""
    rng = random.Random(SEED)
    defect_number = 0
    for index in range(count):
        release = make_release(rng, index + 1)
        if defects and defective(index, defects):
            add_defect(release, DEFECT_KINDS[defect_number % len(DEFECT_KINDS)])
            defect_number += 1
        yield release


@dataclasses.dataclass
class Summary:
    files: int = 0
    translations: int = 0
    front_matter_bytes: int = 0
    defects: Counter[str] = dataclasses.field(default_factory=Counter)
    paths: list[Path] = dataclasses.field(default_factory=list)
    defective_paths: dict[str, list[Path]] = dataclasses.field(default_factory=dict)

    @property
    def files_with_errors(self) -> int:
        return sum(n for kind, n in self.defects.items() if kind not in WARNING_ONLY_KINDS)

    @property
    def files_with_warnings_only(self) -> int:
        return sum(n for kind, n in self.defects.items() if kind in WARNING_ONLY_KINDS)


def write_corpus(
    out_dir: Path,
    count: int,
    defects: float = 0.0,
    front_matter_dir: Path | None = None,
    translations: float = 0.0,
) -> Summary:
    """Write the corpus; with front_matter_dir, also each front matter alone as
    `.yaml` in the same layout (YAML linters take YAML files, not Markdown);
    with translations, a Russian version beside that fraction of the releases
    (counted in `Summary.translations`, not in `files`)."""
    summary = Summary()
    for index, release in enumerate(releases(count, defects)):
        path = out_dir / release.year / f"{release.stem}.md"
        write_text(path, release.markdown())
        if translations and defective(index, translations):
            write_text(path.with_suffix(".ru.md"), release.translation())
            summary.translations += 1
        front_matter = release.front_matter()
        if front_matter_dir is not None:
            write_text(front_matter_dir / release.year / f"{release.stem}.yaml", front_matter)
        summary.files += 1
        summary.front_matter_bytes += len(front_matter.encode()) + 8  # the two `---` lines
        summary.paths.append(path)
        if release.defect:
            summary.defects[release.defect] += 1
            summary.defective_paths.setdefault(release.defect, []).append(path)
    return summary


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # newline="\n": the same bytes on every platform.
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def fraction(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR")
    parser.add_argument("--count", type=int, required=True, metavar="N")
    parser.add_argument(
        "--defects", type=fraction, default=0.0, metavar="P", help="fraction with one defect"
    )
    parser.add_argument(
        "--front-matter-dir",
        "--front-matter-only",
        type=Path,
        metavar="DIR",
        help="also write each front matter alone as DIR/{yyyy}/{name}.yaml",
    )
    parser.add_argument(
        "--translations",
        type=fraction,
        default=0.0,
        metavar="P",
        help="fraction with a Russian version beside it (x.ru.md)",
    )
    args = parser.parse_args(argv)
    summary = write_corpus(
        args.out_dir, args.count, args.defects, args.front_matter_dir, args.translations
    )
    average = summary.front_matter_bytes / max(summary.files, 1)
    print(
        f"Wrote {summary.files} releases to {args.out_dir} "
        f"(front matter {average:.0f} bytes on average)."
    )
    if summary.translations:
        print(f"Wrote a Russian version beside {summary.translations} of them.")
    if summary.defects:
        kinds = ", ".join(f"{kind}: {n}" for kind, n in sorted(summary.defects.items()))
        print(
            f"Defects in {sum(summary.defects.values())} files ({kinds}); "
            f"{summary.files_with_errors} with errors, "
            f"{summary.files_with_warnings_only} with a warning only."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
