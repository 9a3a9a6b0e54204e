"""The appendix template as data (``catalog/template.csv``, ``catalog/aliases.csv``) and the matcher
that gives every observation its stable ``indicator_id``.

The catalogue is hand-kept beside the code: one row per row of the province-wide template, with the
template's own wording (no report year, no trailing "Trong đó:"). Agencies reword, abbreviate and
renumber rows, so matching compares normalised labels first and falls back to the template position
(code + item) only when the unit agrees.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import NoReturn

import pandas as pd

from cchc_analysis.errors import SourceError
from cchc_analysis.sources.common import clean_text
from cchc_analysis.sources.limits import DEFAULT_LIMITS, read_checked

#: Folder of the catalogue files, shipped as package data.
CATALOG_DIR = Path(__file__).with_name("catalog")
TEMPLATE_FILE = "template.csv"
ALIASES_FILE = "aliases.csv"
UNITS_FILE = "units.csv"
UNIT_COLUMNS = ["unit", "variant"]

#: The template's seven top-level areas, in the order of their numbers 1..7.
DOMAINS = {
    "chi_dao_dieu_hanh": "Công tác chỉ đạo, điều hành cải cách hành chính",
    "the_che": "Cải cách thể chế",
    "thu_tuc_hanh_chinh": "Cải cách thủ tục hành chính",
    "to_chuc_bo_may": "Cải cách tổ chức bộ máy hành chính nhà nước",
    "che_do_cong_vu": "Cải cách chế độ công vụ",
    "tai_chinh_cong": "Cải cách tài chính công",
    "chinh_quyen_so": "Xây dựng và phát triển chính quyền điện tử, chính quyền số",
}
#: Top-level code digit → domain id ("3" → "thu_tuc_hanh_chinh").
AREAS = {str(number): domain for number, domain in enumerate(DOMAINS, start=1)}
#: What a row holds: nothing (heading), a count, a percentage, a coded 0/1/2 scale, money, text.
KINDS = ("heading", "count", "rate", "code", "money", "text")

TEMPLATE_COLUMNS = ["indicator_id", "code", "item", "domain", "label", "unit", "kind", "part_of",
                    "numerator_of", "denominator_of", "codes", "comment"]
ALIAS_COLUMNS = ["indicator_id", "alias"]

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_CODE = re.compile(r"^\d+(?:\.\d+)*$")
_CODES = re.compile(r"^[^=;]+=\d+(?:;[^=;]+=\d+)*$")
_YEAR_IN_LABEL = re.compile(r"(?<!so với )năm (?:19|20)\d\d", re.IGNORECASE)

# --- label normalisation -------------------------------------------------------------------------

#: Bullets and numbering before a label: "- ", "1.3.2. ", "3.4.7.4 ", "2) ", "IV. ", "a) ".
_LEADING = re.compile(
    r"^(?:[-+•*·]\s*|\d+(?:\.\d+)+\.?\s+|\d+[.)]\s+|[ivx]+\.\s+|[a-zđ]\)\s+)"
)
#: Standard abbreviations → their words; "bưu chính công ích" is folded the other way, to BCCI.
_ABBREVIATIONS = [
    ("tthc", "thủ tục hành chính"),
    ("vbqppl", "văn bản quy phạm pháp luật"),
    ("qppl", "quy phạm pháp luật"),
    ("đvsnncl", "đơn vị sự nghiệp công lập"),
    ("đvsncl", "đơn vị sự nghiệp công lập"),
    ("sncl", "sự nghiệp công lập"),
    ("dvcqg", "dịch vụ công quốc gia"),
    ("dvc", "dịch vụ công"),
    ("cchc", "cải cách hành chính"),
    ("ubnd", "ủy ban nhân dân"),
    ("hđnd", "hội đồng nhân dân"),
    ("nsnn", "ngân sách nhà nước"),
    ("cntt", "công nghệ thông tin"),
    ("bưu chính công ích", "bcci"),
]
_ABBREVIATION_RES = [(re.compile(rf"(?<!\w){re.escape(a)}(?!\w)"), b) for a, b in _ABBREVIATIONS]
_TONES = "\u0300\u0301\u0303\u0309\u0323"
#: Old-style tone placement (hòa, khỏe, thủy) in NFD: tone on the first vowel of a final oa/oe/uy.
_OLD_TONE = re.compile(rf"([ou])([{_TONES}])([aey])(?![\w\u0300-\u036f])")
_TONE_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}
#: "tỷ"/"tỉ", "kỹ"/"kĩ", "lý"/"lí", "mỹ"/"mĩ", "hy"/"hi": a whole syllable of h/k/l/m/t + y.
_Y_SYLLABLE = re.compile(r"(?<!\w)([hklmt])([yýỳỷỹỵ])(?!\w)")
_Y_TO_I = str.maketrans("yýỳỷỹỵ", "iíìỉĩị")
_YEAR = re.compile(r"(?<![\w/.\-])(?:19|20)\d\d(?![\w/]|[.\-]\d)")
_TRAILING = re.compile(r"(?:[\s.,;:\-]+trong đó)?[\s.,;:\-]*$")


def _text(value: object) -> str:
    """A cell as clean text; None and NA become ""."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return clean_text(str(value))


def _modern_tone(match: re.Match) -> str:
    """hòa → hoà, thủy → thuỷ: move the tone onto the second vowel (the newer convention)."""
    first, tone, second = match.groups()
    return first + second + tone if (first, second) in _TONE_PAIRS else match.group(0)


def normalise_label(text: object) -> str:
    """A label as a comparison key: lower-case NFC, spelling variants unified, abbreviations
    expanded, numbering, years and trailing "Trong đó:" dropped. Diacritics are kept."""
    return _normalise(text if isinstance(text, str) else _text(text))


@lru_cache(maxsize=16384)
def _normalise(text: str) -> str:
    """:func:`normalise_label` of a text, memoised: a province's reports repeat the same
    labels thousands of times."""
    text = _text(text).lower().replace("–", "-").replace("—", "-")
    while (leading := _LEADING.match(text)) and leading.end():
        text = text[leading.end() :]
    for pattern, words in _ABBREVIATION_RES:
        text = pattern.sub(words, text)
    text = unicodedata.normalize("NFD", text)
    text = unicodedata.normalize("NFC", _OLD_TONE.sub(_modern_tone, text))
    text = _Y_SYLLABLE.sub(lambda m: m.group(1) + m.group(2).translate(_Y_TO_I), text)
    text = _YEAR.sub("", text)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+\)", ")", text))
    text = re.sub(r"\s+", " ", text).strip()
    return _TRAILING.sub("", text).strip()


def fold_diacritics(text: str) -> str:
    """Strip Vietnamese diacritics (đ → d): a looser key, trusted only when it is unambiguous."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _plain_unit(unit: object) -> str:
    """A unit with case and spacing ignored ("Chưa = 0 Có = 1" == "chưa=0 có=1")."""
    return re.sub(r"\s*([=/,])\s*", r"\1", _text(unit).lower())


@cache
def _unit_variants(folder: Path = CATALOG_DIR) -> dict[str, str]:
    """``units.csv``: other ways agencies write a template unit (VB, TTHC, Biên chế, Tỷ lệ %)."""
    rows = read_rows(folder / UNITS_FILE, UNIT_COLUMNS, required=2, unique="variant")
    return {_plain_unit(r["variant"]): _plain_unit(r["unit"]) for r in rows}


def _unit_key(unit: object) -> str:
    """A unit for comparison: case and spacing ignored, a known variant read as its unit."""
    plain = _plain_unit(unit)
    return _unit_variants().get(plain, plain)


def is_percent_unit(unit: object) -> bool:
    """Is this unit a percentage, however written ("%", "Tỷ lệ %", "tỉ lệ (%)", "Phần trăm")?"""
    key = normalise_label(_unit_key(unit))
    return key == "%" or "%" in key or key.startswith(("tỉ lệ", "phần trăm"))


# --- loading and validation ----------------------------------------------------------------------


def read_rows(path: Path, columns: list[str], required: int = 0, unique: str = "") -> list[dict]:
    """Rows of a catalogue CSV as dicts of stripped text; a wrong header, a blank among the first
    ``required`` columns or a repeated ``unique`` value is refused naming the file and line."""
    if not (path.exists() or path.is_symlink()):
        raise ValueError(f"{path}: catalogue file not found")
    try:  # the check every input passes: a regular file (a pipe never blocks), within the limit
        text = read_checked(path, DEFAULT_LIMITS, str(path)).decode("utf-8-sig")
    except SourceError as exc:
        raise ValueError(str(exc)) from None
    with io.StringIO(text, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if [h.strip() for h in header] != columns:
            raise ValueError(f"{path}: line 1: expected the columns {','.join(columns)}")
        rows, seen = [], {}
        for line, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(columns):
                raise ValueError(
                    f"{path}: line {line}: {len(cells)} cells, expected {len(columns)}"
                )
            row = {c: clean_text(v) for c, v in zip(columns, cells)}
            if blank := next((c for c in columns[:required] if not row[c]), None):
                raise ValueError(f"{path}: line {line}: {blank} is empty")
            if unique and (first := seen.setdefault(row[unique].lower(), line)) != line:
                raise ValueError(f"{path}: line {line}: {unique} '{row[unique]}' repeats line {first}")
            rows.append({**row, "line": line})
    return rows


def _check_template(path: Path, rows: list[dict]) -> None:
    """Every rule a template row must follow; the first broken one raises, naming file and line."""

    def fail(row: dict, message: str) -> NoReturn:
        name = row["indicator_id"] or "no id"
        raise ValueError(f"{path}: line {row['line']} ({name}): {message}")

    by_id: dict[str, dict] = {}
    positions: dict[tuple[str, int], dict] = {}
    for row in rows:
        rid, code = row["indicator_id"], row["code"]
        if not _ID.match(rid):
            fail(row, "indicator_id must be ASCII snake_case")
        if rid in by_id:
            fail(row, f"duplicate indicator_id (first on line {by_id[rid]['line']})")
        by_id[rid] = row
        if not _CODE.match(code):
            fail(row, f"code '{code}' is not a template number like 1.3.2")
        if not row["item"].isdigit():
            fail(row, f"item '{row['item']}' is not a whole number")
        row["item"] = int(row["item"])
        if (code, row["item"]) in positions:
            first = positions[code, row["item"]]["line"]
            fail(row, f"code {code} item {row['item']} is already on line {first}")
        positions[code, row["item"]] = row
        if row["domain"] not in DOMAINS:
            fail(row, f"unknown domain '{row['domain']}' (known: {', '.join(DOMAINS)})")
        if AREAS.get(code.split(".")[0]) != row["domain"]:
            fail(row, f"domain '{row['domain']}' does not belong to area {code.split('.')[0]}")
        if row["kind"] not in KINDS:
            fail(row, f"unknown kind '{row['kind']}' (known: {', '.join(KINDS)})")
        if not row["label"] or unicodedata.normalize("NFC", row["label"]) != row["label"]:
            fail(row, "label is empty or not NFC")
        if _YEAR_IN_LABEL.search(row["label"]):
            fail(row, "label names a year: write it without (only 'so với năm 2015' stays)")
        codes = row["codes"]
        if (row["kind"] == "code") != bool(codes) or (codes and not _CODES.match(codes)):
            fail(row, "kind=code rows, and only they, need codes written like 'Chưa=0;Có=1'")
        if row["item"] and (code, 0) not in positions:
            fail(row, f"sub-row before its coded row {code}")
    for row in rows:
        for column in ("part_of", "numerator_of", "denominator_of"):
            target = by_id.get(row[column]) if row[column] else None
            if row[column] and target is None:
                fail(row, f"{column} '{row[column]}' is not an indicator_id of this file")
            if target is None:
                continue
            if column == "part_of" and "rate" in (row["kind"], target["kind"]):
                fail(row, "rates are never parts or totals")
            if column == "part_of" and target["kind"] == "heading":
                fail(row, f"part_of '{target['indicator_id']}' is a heading: it has no total")
            if column != "part_of" and (row["kind"] != "count" or target["kind"] != "rate"):
                fail(row, f"{column} links a count row to a rate row")


def _check_aliases(path: Path, aliases: list[dict], template: list[dict]) -> None:
    """Aliases must name a known indicator, and no two sub-rows of one coded row may share a label
    or alias once normalised ("Cấp tỉnh" may repeat under different coded rows)."""
    by_id = {row["indicator_id"]: row for row in template}
    owner: dict[tuple[str, str], str] = {}
    for row in template:
        if row["item"]:
            key = (row["code"], normalise_label(row["label"]))
            if owner.setdefault(key, row["indicator_id"]) != row["indicator_id"]:
                raise ValueError(
                    f"{path.with_name(TEMPLATE_FILE)}: line {row['line']}: label is the same as "
                    f"'{owner[key]}' under {row['code']} once normalised"
                )
    for alias in aliases:
        target = by_id.get(alias["indicator_id"])
        where = f"{path}: line {alias['line']}"
        if target is None:
            raise ValueError(f"{where}: unknown indicator_id '{alias['indicator_id']}'")
        if not normalise_label(alias["alias"]):
            raise ValueError(f"{where}: empty alias")
        key = (target["code"], normalise_label(alias["alias"]))
        rid = target["indicator_id"]
        if target["item"] and owner.setdefault(key, rid) != rid:
            raise ValueError(f"{where}: alias also names '{owner[key]}' under {target['code']}")


def _read(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and validate the catalogue files of a folder (template, aliases, units)."""
    template_path, aliases_path = folder / TEMPLATE_FILE, folder / ALIASES_FILE
    template = read_rows(template_path, TEMPLATE_COLUMNS)
    _check_template(template_path, template)
    aliases = read_rows(aliases_path, ALIAS_COLUMNS, required=2)
    _check_aliases(aliases_path, aliases, template)
    _unit_variants(folder)
    frame = pd.DataFrame(template, columns=TEMPLATE_COLUMNS).astype({"item": "int64"})
    return frame, pd.DataFrame(aliases, columns=ALIAS_COLUMNS)


def load_catalog(folder: Path | None = None) -> pd.DataFrame:
    """The template catalogue, one row per indicator; raises ``ValueError`` naming file and line."""
    return _read(Path(folder) if folder else CATALOG_DIR)[0]


def load_aliases(folder: Path | None = None) -> pd.DataFrame:
    """The alias table (``indicator_id``, ``alias``), validated against the template beside it."""
    return _read(Path(folder) if folder else CATALOG_DIR)[1]


# --- matching ------------------------------------------------------------------------------------


class _Index:
    """Lookup tables over the catalogue: labels and aliases by key, rows by template position."""

    def __init__(self, template: pd.DataFrame, aliases: pd.DataFrame) -> None:
        self.rows = {r.indicator_id: r for r in template.itertuples(index=False)}
        self.by_position = {(r.code, r.item): r for r in self.rows.values()}
        self.names: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        self.folded: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        self._found: dict[tuple[str, str, str], tuple[str, str] | None] = {}
        names = [(r.indicator_id, r.label, "label") for r in self.rows.values()]
        names += [(a.indicator_id, a.alias, "alias") for a in aliases.itertuples(index=False)]
        for rid, text, how in names:
            row = self.rows[rid]
            scope = row.code if row.item else ""
            key = normalise_label(text)
            entry = (rid, row.code, how)
            self.names.setdefault((scope, key), []).append(entry)
            self.folded.setdefault((scope, fold_diacritics(key)), []).append(entry)

    def find(self, scope: str, label: object, code: str) -> tuple[str, str] | None:
        """(indicator_id, how) for a label in a scope: "" for coded rows, else the parent's code."""
        if not isinstance(label, str):
            return self._find(scope, label, code)
        if (scope, label, code) not in self._found:  # the same labels, report after report
            self._found[scope, label, code] = self._find(scope, label, code)
        return self._found[scope, label, code]

    def _find(self, scope: str, label: object, code: str) -> tuple[str, str] | None:
        key = normalise_label(label)
        if not key:
            return None
        for table, fold in ((self.names, False), (self.folded, True)):
            found = table.get((scope, fold_diacritics(key) if fold else key), [])
            if len({rid for rid, _, _ in found}) > 1:
                found = [e for e in found if e[1] == code]
            if len({rid for rid, _, _ in found}) == 1:
                by_label = any(how == "label" for _, _, how in found)
                return found[0][0], "folded" if fold else "label" if by_label else "alias"
        return None

    def at(self, code: str, item: int, unit: object) -> str | None:
        """The catalogue row at a template position, if the observation's unit fits it."""
        row = self.by_position.get((code, item))
        if row is None:
            return None
        given = _unit_key(unit)
        return row.indicator_id if not given or given == _unit_key(row.unit) else None


@cache
def _index() -> _Index:
    """The shipped catalogue, read once per process."""
    return _Index(load_catalog(), load_aliases())


def _report_key(row: dict, keys: list[str]) -> tuple:
    """Which report an observation belongs to, so that stacked reports keep their own parents."""
    return tuple(row.get(k) for k in keys)


def match(observations: pd.DataFrame) -> pd.DataFrame:
    """Add ``indicator_id``, ``domain`` and ``match`` (label / alias / folded / code / NA).

    Coded rows are looked up among all coded catalogue rows (same code preferred on a tie); a
    sub-row only among the children of its parent's indicator, then by position (code + item)
    when the unit agrees. Observations of several reports may be stacked: parents are tracked
    per source/agency/period.
    """
    keys = [k for k in ("source", "agency", "period") if k in observations.columns]
    found = match_records(observations.to_dict("records"), keys)
    result = observations.copy()
    for column in ("indicator_id", "domain", "match"):
        result[column] = pd.Series([f[column] for f in found], index=observations.index,
                                   dtype="str")
    return result


def match_records(rows: list[dict], keys: list[str]) -> list[dict]:
    """:func:`match` on records: ``indicator_id``, ``domain`` and ``match`` of each row (None when
    the catalogue does not know it), rows of a report told apart by their ``keys`` columns."""
    index = _index()
    parents: dict[tuple, str] = {}
    out = []
    for row in rows:
        code = _text(row.get("code"))
        item = int(row["item"]) if _text(row.get("item")) else 0
        if item == 0:
            found = index.find("", row.get("label"), code)
            if found is None and (rid := index.at(code, 0, row.get("unit"))):
                found = (rid, "code")
            parents[_report_key(row, keys), code] = index.rows[found[0]].code if found else code
        else:
            parent = parents.get((_report_key(row, keys), code), code)
            found = index.find(parent, row.get("label"), parent)
            if found is None and (rid := index.at(parent, item, row.get("unit"))):
                found = (rid, "code")
        out.append({"indicator_id": found[0] if found else None,
                    "domain": index.rows[found[0]].domain if found else AREAS.get(code.split(".")[0]),
                    "match": found[1] if found else None})
    return out
