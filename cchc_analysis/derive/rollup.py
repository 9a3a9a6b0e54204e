"""The province's roll-up: every agency's appendix of one period added up in the template's shape.

Per province × period × template row: counts and money summed over the agencies that gave the
row (a blank is not a zero: ``reported`` says how many gave it, ``agencies`` how many could —
the roster's agencies where there is a roster, else those that filed); rates recomputed from the
summed numerators and denominators of the agencies that wrote both (never an average of rates);
coded rows as how many agencies answered the scale's top code. The derived indicators are rolled
up the same way (their summed numerators and denominators). Only reports of the period itself are
summed, never across periods, and never a report whose own period statements disagree
(``period_conflict``). A figure keeps, by key, every observation it was made from
(``rollup_inputs``), with the worst finding its own agency's checks put on that observation:
an input marked as an error stays in the sum as written and makes the province figure flagged.
An observation that does not mean what its template row means is listed but left out of the
sum, and says why (``rollup_inputs.excluded``; ``rollup.excluded`` counts the agencies left out):
``agency_internal``, a row an agency fills with its own internals (``catalog/scope.csv``: "Số
phòng thuộc Ban" under "Số cơ quan chuyên môn thuộc UBND cấp tỉnh"), never summed — the sum of
every department's divisions is no province figure, and a flag beside a summed value would still
print the wrong number; ``unit_mismatch``, an observation its own checks found written in another
unit than the template's row (:mod:`checks.units`). A rate whose count rows are left out is not
recomputed from them. Who was summed and who not, and why, is ``rollup_coverage``
(:mod:`coverage`); a figure that may not be the province's whole says why in ``flags``:
``partial`` (fewer agencies summed than must report), ``period_conflict`` (a report in period
conflict gave the row), ``unread_input`` (a summed agency's cell of the row was not read).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from cchc_analysis.derive.catalogue import Catalog
from cchc_analysis.derive.coverage import groups
from cchc_analysis.derive.coverage import known as _known
from cchc_analysis.derive.indicators import INDICATORS
from cchc_analysis.parse.numbers import codes_from_text
from cchc_analysis.store.schemas import ROLLUP_EXCLUSIONS, ROLLUP_FLAGS

#: Findings about the appendix as a whole, not about the value of the row they are placed at.
NOT_ON_VALUES = ("missing_template_rows",)
#: Severities that flag an input (the worst wins).
FLAGGING = ("error", "warning")
#: Why an input is listed but not summed (:data:`ROLLUP_EXCLUSIONS`): a row of the agency's own
#: affairs (catalog/scope.csv), or the finding that its unit is not the template's.
AGENCY_INTERNAL, UNIT_MISMATCH = ROLLUP_EXCLUSIONS
_SUMMED = ("count", "money")
#: What the roll-up reads of a source and of an observation.
_SOURCE = ["source", "province", "agency", "period"]
_FIGURE = ["source", "seq", "value", "numerator", "denominator", "flags"]
#: The only observation columns the roll-up reads (a large store's observations are read back
#: with these alone).
OBSERVATION_COLUMNS = tuple(_FIGURE)
#: Observation flags of a cell written but not read (its value NA): its figure is incomplete.
UNREAD = frozenset(("unreadable", "ocr_low_confidence", "ocr_letter_for_digit"))


def _number(value: object) -> float | None:
    return None if _known(value) is None else float(value)


def _columns(frame: pd.DataFrame, names: list[str]) -> list[list]:
    """Some columns of a frame as plain lists, NA as None (fast for 100 000s of rows)."""
    return [frame[n].astype(object).where(frame[n].notna(), None).tolist() for n in names]


def _severities(findings: pd.DataFrame, finding_inputs: pd.DataFrame) -> tuple[dict[tuple, str], set[tuple]]:
    """(source, seq) → the worst severity of its own agency's findings resting on it; and the
    (source, seq) its own checks found written in another unit than the template's."""
    serious = findings[findings["severity"].isin(FLAGGING) & ~findings["rule"].isin(NOT_ON_VALUES)]
    severity = {
        (_known(f.province), f.agency, f.period, int(f.finding)): (f.severity, f.rule)
        for f in serious.itertuples(index=False)
    }
    out: dict[tuple, str] = {}
    mismatched: set[tuple] = set()
    used = finding_inputs[finding_inputs["table"] == "observations"]
    names = ["province", "agency", "period", "finding", "source", "seq"]
    for province, agency, period, finding, source, seq in zip(*_columns(used, names)):
        found, rule = severity.get((province, agency, period, int(finding)), (None, None))
        if found and out.get((source, int(seq))) != "error":
            out[(source, int(seq))] = found
        if rule == UNIT_MISMATCH:
            mismatched.add((source, int(seq)))
    return out, mismatched


#: Why an observation of a template row is left out of its sum (None: it is summed).
LeftOut = Callable[[str, dict], str | None]


def _left_out(internal: frozenset[str], mismatched: set[tuple]) -> LeftOut:
    """Why an observation given for a template row is not summed (:data:`ROLLUP_EXCLUSIONS`)."""

    def why(rid: str, row: dict) -> str | None:
        if rid in internal:
            return AGENCY_INTERNAL
        return UNIT_MISMATCH if (row["source"], int(row["seq"])) in mismatched else None

    return why


class _Period:
    """Reports of one province's roll-up: each agency's figures by catalogue id."""

    def __init__(
        self,
        province: object,
        period: str,
        sources: list[dict],
        observations: dict[str, list[dict]],
        ids: dict[tuple, str],
        agencies: int,
    ) -> None:
        self.province, self.period = province, period
        self.filed = sorted({s["agency"] for s in sources})
        self.agencies = agencies
        self.figures: dict[str, dict[str, dict]] = {}  # agency → indicator_id → observation
        for s in sorted(sources, key=lambda s: s["source"]):
            mine = self.figures.setdefault(s["agency"], {})
            for row in observations.get(s["source"], []):
                rid = ids.get((row["source"], int(row["seq"])))
                if rid and rid not in mine:
                    mine[rid] = row


def _counts(row: dict) -> tuple[float | None, float | None]:
    """The numerator and denominator written with a rate ("681/712 …"), None when not."""
    return _number(row.get("numerator")), _number(row.get("denominator"))


def _gives(row: dict | None) -> bool:
    """Whether a row gives a figure: a value, or both counts written with a rate."""
    return row is not None and (_number(row.get("value")) is not None or None not in _counts(row))


def _unread(row: dict | None) -> bool:
    """Whether a row's cell was written but not read (:data:`UNREAD`)."""
    return row is not None and not UNREAD.isdisjoint(str(row.get("flags") or "").split())


def _flags(tokens: Iterable[str]) -> str | None:
    """Roll-up flags as stored: space-separated in :data:`schemas.ROLLUP_FLAGS` order, None if none."""
    found = set(tokens)
    return " ".join(t for t in ROLLUP_FLAGS if t in found) or None


def _template_flags(
    p: _Period, conflicting: _Period, rid: str, kind: str, links: dict[tuple[str, str], str]
) -> str | None:
    """Why a template figure may not be the province's whole: fewer agencies summed than must
    report; a report in period conflict gave the row (or a rate's counts); a summed agency's
    cell of it was not read."""
    ids = [rid] + (
        [links.get(("numerator_of", rid)), links.get(("denominator_of", rid))] if kind == "rate" else []
    )
    return _flags(
        (["partial"] if len(p.filed) < p.agencies else [])
        + (
            ["period_conflict"]
            if any(_gives(f.get(i)) for f in conflicting.figures.values() for i in ids if i)
            else []
        )
        + (["unread_input"] if any(_unread(f.get(i)) for f in p.figures.values() for i in ids if i) else [])
    )


def _input(
    p: _Period, rid: str, agency: str, row: dict, role: str, flags: dict, excluded: str | None = None
) -> dict:
    """One observation behind a province figure: what it gave (the count written with a rate
    for its numerator or denominator role), the worst finding of its agency on it and why it
    was left out of the sum (None: it was not)."""
    counts = dict(zip(("numerator", "denominator"), _counts(row)))
    value = counts[role] if counts.get(role) is not None else _number(row.get("value"))
    return {
        "province": p.province,
        "period": p.period,
        "indicator_id": rid,
        "agency": agency,
        "source": row["source"],
        "seq": int(row["seq"]),
        "role": role,
        "value": value,
        "flag": flags.get((row["source"], int(row["seq"]))),
        "excluded": excluded,
    }


def _template_row(
    p: _Period, conflicting: _Period, t: dict, links: dict[tuple[str, str], str], flags: dict, why: LeftOut
) -> tuple[dict, list[dict]]:
    """One template row rolled up over the period's agencies, and its inputs (those left out of
    the sum listed with why, :func:`_left_out`)."""
    rid, kind = t["indicator_id"], t["kind"]
    record = {
        "province": p.province,
        "period": p.period,
        "indicator_id": rid,
        "level": "template",
        "code": t["code"],
        "item": int(t["item"]),
        "label": t["label"],
        "unit": t["unit"] or None,
        "kind": kind,
        "value": None,
        "numerator": None,
        "denominator": None,
        "top_code": None,
        "agencies": p.agencies,
        "filed": len(p.filed),
        "reported": None,
        "summed": None,
        "excluded": None,
        "flags": None,
    }
    inputs: list[dict] = []
    if kind in ("heading", "text"):
        return record, inputs
    record["flags"] = _template_flags(p, conflicting, rid, kind, links)
    given = {a: f[rid] for a, f in p.figures.items() if _gives(f.get(rid))}
    record["reported"] = len(given)
    record["excluded"] = 0
    if kind in _SUMMED:
        left_out = {a: why(rid, r) for a, r in given.items()}
        kept = [_number(r.get("value")) for a, r in given.items() if not left_out[a]]
        record["value"] = sum(v for v in kept if v is not None) if kept else None
        record["summed"] = len(kept)
        record["excluded"] = len(given) - len(kept)
        inputs = [_input(p, rid, a, r, "summed", flags, left_out[a]) for a, r in given.items()]
    elif kind == "code":
        scale = codes_from_text(t["codes"])
        top = max(scale, key=scale.get) if scale else None
        record["top_code"] = top
        record["value"] = (
            float(sum(_number(r.get("value")) == scale[top] for r in given.values()))
            if given and top
            else None
        )
        record["summed"] = len(given)
        inputs = [_input(p, rid, a, r, "answer", flags) for a, r in given.items()]
    else:  # a rate: the counts written with it, else the catalogue's numerator and denominator rows
        num_id, den_id = links.get(("numerator_of", rid)), links.get(("denominator_of", rid))
        total_num = total_den = 0.0
        summed = 0
        for agency, figures in p.figures.items():
            row = figures.get(rid)
            num, den = _counts(row) if row is not None else (None, None)
            pair = [(row, "numerator"), (row, "denominator")] if None not in (num, den) else []
            reason = None
            if not pair and num_id and den_id and num_id in figures and den_id in figures:
                num, den = (_number(figures[num_id].get("value")), _number(figures[den_id].get("value")))
                pair = [(figures[num_id], "numerator"), (figures[den_id], "denominator")]
                reason = why(num_id, figures[num_id]) or why(den_id, figures[den_id])
            if None in (num, den) or not pair:
                if agency in given:  # a rate without its counts: listed, not summed
                    inputs.append(_input(p, rid, agency, given[agency], "stated", flags))
                continue
            if reason:  # its count rows are left out: so is the rate they would make
                inputs += [_input(p, rid, agency, r, role, flags, reason) for r, role in pair]
                record["excluded"] += 1
                continue
            total_num, total_den, summed = total_num + num, total_den + den, summed + 1
            inputs += [_input(p, rid, agency, r, role, flags) for r, role in pair]
        record["summed"] = summed
        if summed:
            record["numerator"], record["denominator"] = total_num, total_den
            record["value"] = 100 * total_num / total_den if total_den else None
    return record, inputs


def _indicator_rows(
    p: _Period,
    mine: pd.DataFrame,
    conflicting: pd.DataFrame,
    indicator_inputs: dict[tuple, list],
    observations: dict[tuple, dict],
    flags: dict,
) -> tuple[list[dict], list[dict]]:
    """Each derived indicator recomputed for the province from the summed numerators and
    denominators of the agencies where both are known (``mine``: the summed reports' indicators;
    ``conflicting``: those of the reports in period conflict, which flag what they would give)."""
    records, inputs = [], []
    by_id = {i: g for i, g in mine.groupby("indicator_id", sort=False)}
    gave = set(
        conflicting.loc[conflicting["value"].notna() | conflicting["numerator"].notna(), "indicator_id"]
    )
    for ind in INDICATORS:
        group = by_id.get(ind.id, mine.iloc[0:0])
        both = group[group["numerator"].notna() & group["denominator"].notna()]
        num, den = float(both["numerator"].sum()), float(both["denominator"].sum())
        records.append(
            {
                "province": p.province,
                "period": p.period,
                "indicator_id": ind.id,
                "level": "indicator",
                "code": None,
                "item": None,
                "label": ind.name,
                "unit": "%",
                "kind": "rate",
                "value": 100 * num / den if len(both) and den else None,
                "numerator": num if len(both) else None,
                "denominator": den if len(both) else None,
                "top_code": None,
                "agencies": p.agencies,
                "filed": len(p.filed),
                "reported": int(group["value"].notna().sum()),
                "summed": len(both),
                "excluded": 0,
                "flags": _flags(
                    (["partial"] if len(p.filed) < p.agencies else [])
                    + (["period_conflict"] if ind.id in gave else [])
                    + (["unread_input"] if (group["reason"] == "unreadable_input").any() else [])
                ),
            }
        )
        for r in both.itertuples(index=False):
            for role, seq in indicator_inputs.get((r.source, ind.id), []):
                row = observations[(r.source, seq)]
                inputs.append(_input(p, ind.id, r.agency, row, role, flags))
    return records, inputs


def _links(catalog: Catalog) -> dict[tuple[str, str], str]:
    """(numerator_of | denominator_of, rate id) → the count row that is it (the first one)."""
    return {key: ids[0] for key, ids in catalog.links.items() if key[0] != "part_of"}


def rollup(tables: dict[str, pd.DataFrame], catalog: Catalog) -> tuple[list[dict], list[dict], list[dict]]:
    """The ``rollup``, ``rollup_inputs`` and ``rollup_coverage`` records of every province ×
    period of the store, from the ingest tables and the derived ``matches``, ``indicators``,
    ``indicator_inputs``, ``findings`` and ``finding_inputs``, in the shape of ``catalog``'s
    template."""
    sources = [dict(zip(_SOURCE, r)) for r in zip(*_columns(tables["sources"], _SOURCE))]
    ids = {
        (s, int(q)): i
        for s, q, i in zip(*_columns(tables["matches"], ["source", "seq", "indicator_id"]))
        if i is not None
    }
    observations = tables["observations"]
    columns = dict(zip(_FIGURE, _columns(observations, _FIGURE)))
    positions = observations.groupby("source", sort=False).indices if len(observations) else {}
    used: dict[tuple, list] = {}  # (source, indicator_id) → its inputs' (role, seq)
    for source, indicator_id, role, seq in zip(
        *_columns(tables["indicator_inputs"], ["source", "indicator_id", "role", "seq"])
    ):
        used.setdefault((source, indicator_id), []).append((role, int(seq)))
    flags, mismatched = _severities(tables["findings"], tables["finding_inputs"])
    why = _left_out(catalog.agency_internal, mismatched)
    links = _links(catalog)
    catalogue = catalog.records
    indicators = tables["indicators"]
    of_source = indicators.groupby("source", sort=False).indices if len(indicators) else {}
    records: list[dict] = []
    inputs: list[dict] = []
    coverage: list[dict] = []
    for g in groups(sources, tables["roster"], tables["findings"]):
        # one roll-up's observations as records at a time: memory is that of one period
        by_source = {
            s["source"]: [
                {name: columns[name][i] for name in _FIGURE} for i in positions.get(s["source"], [])
            ]
            for s in g.summed + g.conflicting
        }
        rows_by_key = {(row["source"], int(row["seq"])): row for rows in by_source.values() for row in rows}
        p = _Period(g.province, g.period, g.summed, by_source, ids, g.agencies)
        conflicting = _Period(g.province, g.period, g.conflicting, by_source, ids, g.agencies)
        for t in catalogue:
            record, found = _template_row(p, conflicting, t, links, flags, why)
            records.append(record)
            inputs += found
        more, found = _indicator_rows(
            p,
            _of(indicators, of_source, g.summed),
            _of(indicators, of_source, g.conflicting),
            used,
            rows_by_key,
            flags,
        )
        records += more
        inputs += found
        coverage += g.rows
    return records, _unique(inputs), coverage


def _of(indicators: pd.DataFrame, of_source: dict, sources: list[dict]) -> pd.DataFrame:
    """The indicators of some reports."""
    found = [i for s in sources for i in of_source.get(s["source"], [])]
    return indicators.iloc[sorted(found)]


def _unique(inputs: Iterable[dict]) -> list[dict]:
    """Inputs once per key (an observation both numerator and denominator keeps both roles)."""
    seen: dict[tuple, dict] = {}
    for r in inputs:
        seen.setdefault(
            (r["indicator_id"], r["period"], str(r["province"]), r["source"], r["seq"], r["role"]), r
        )
    return list(seen.values())
