"""The matcher that gives every observation its stable ``indicator_id`` from the catalogue it is
given: agencies reword, abbreviate and renumber rows, so matching compares normalised labels first
(then aliases, then labels with diacritics folded) and falls back to the template position (code +
item) only when the unit agrees. :func:`label_candidates` also offers rows whose wording is only
like a label, for placing a row whose number OCR misread (derive/ocr_codes.py)."""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

import pandas as pd

from cchc_analysis.derive.catalogue import AREAS, Catalog
from cchc_analysis.derive.labels import cell_text, fold_diacritics, normalise_label

#: How alike (difflib ratio, diacritics folded) a misread label must be to a catalogue wording.
SIMILAR = 0.8


class _Index:
    """Lookup tables over the catalogue: labels and aliases by key, rows by template position."""

    def __init__(self, catalog: Catalog) -> None:
        template, aliases = catalog.template, catalog.aliases
        self.unit_key = catalog.unit_key
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
        self.wordings: dict[str, list[tuple[str, str]]] = {}  # scope → (folded key, indicator_id)
        for (scope, folded), entries in self.folded.items():
            self.wordings.setdefault(scope, []).extend((folded, rid) for rid, _, _ in entries)

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

    def candidates(self, scope: str, label: object) -> dict[str, float]:
        """Every row of a scope a label may be, by indicator_id, with how alike: 1.0 for the
        matcher's own keys (label, alias, folded; all of them when several rows share one),
        else the difflib ratio of the folded keys when at least :data:`SIMILAR`."""
        key = normalise_label(label)
        if not key:
            return {}
        for table, probe in ((self.names, key), (self.folded, fold_diacritics(key))):
            if found := table.get((scope, probe)):
                return {rid: 1.0 for rid, _, _ in found}
        probe, out = fold_diacritics(key), {}
        for wording, rid in self.wordings.get(scope, []):
            matcher = SequenceMatcher(None, probe, wording, autojunk=False)
            if matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR:
                if (ratio := matcher.ratio()) >= SIMILAR:
                    out[rid] = max(ratio, out.get(rid, 0.0))
        return out

    def at(self, code: str, item: int, unit: object) -> str | None:
        """The catalogue row at a template position, if the observation's unit fits it."""
        row = self.by_position.get((code, item))
        if row is None:
            return None
        given = self.unit_key(unit)
        return row.indicator_id if not given or given == self.unit_key(row.unit) else None


@lru_cache(maxsize=4)
def _index(catalog: Catalog) -> _Index:
    """The lookup tables of a catalogue, made once per catalogue object (every report of a run
    is matched against the same one)."""
    return _Index(catalog)


def label_candidates(catalog: Catalog, scope: str, label: object) -> dict[str, float]:
    """The catalogue rows a label may be (indicator_id → how alike, 1.0 for the matcher's own
    match), among coded rows (``scope`` "") or the sub-rows of the row coded ``scope``."""
    return _index(catalog).candidates(scope, label)


def _report_key(row: dict, keys: list[str]) -> tuple:
    """Which report an observation belongs to, so that stacked reports keep their own parents."""
    return tuple(row.get(k) for k in keys)


def match(observations: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Add ``indicator_id``, ``domain`` and ``match`` (label / alias / folded / code / NA).

    Coded rows are looked up among all coded catalogue rows (same code preferred on a tie); a
    sub-row only among the children of its parent's indicator, then by position (code + item)
    when the unit agrees. Observations of several reports may be stacked: parents are tracked
    per source/agency/period.
    """
    keys = [k for k in ("source", "agency", "period") if k in observations.columns]
    found = match_records(observations.to_dict("records"), keys, catalog)
    result = observations.copy()
    for column in ("indicator_id", "domain", "match"):
        result[column] = pd.Series([f[column] for f in found], index=observations.index, dtype="str")
    return result


def match_records(rows: list[dict], keys: list[str], catalog: Catalog) -> list[dict]:
    """:func:`match` on records: ``indicator_id``, ``domain`` and ``match`` of each row (None when
    ``catalog`` does not know it), rows of a report told apart by their ``keys`` columns."""
    index = _index(catalog)
    parents: dict[tuple, str] = {}
    out = []
    for row in rows:
        code = cell_text(row.get("code"))
        item = int(row["item"]) if cell_text(row.get("item")) else 0
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
        out.append(
            {
                "indicator_id": found[0] if found else None,
                "domain": index.rows[found[0]].domain if found else AREAS.get(code.split(".")[0]),
                "match": found[1] if found else None,
            }
        )
    return out
