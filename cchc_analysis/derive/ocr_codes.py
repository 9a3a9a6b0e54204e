"""Row numbers (STT) read by OCR checked with the template's grammar before matching: OCR drops
dots and short tokens ("3.42", "41", a lost "1." of a wrapped code) and confuses digits ("9." for
"5.", "Z1"), and a misread code puts a right figure under another row's key.

A report may skip template rows but never reorders or repeats them, and a "- " sub-row carries
its parent's code. So an OCR'd code is kept only when it is a coded row of the template that fits
the order of the codes around it (trusted codes: the heaviest run in template order, typed rows
first, then rows whose label agrees with their code, then rows whose label says nothing unless a
neighbour's code was read out of order with theirs); any other OCR'd row — and a row whose STT
OCR lost — is placed by its label among the rows that fit that order, or kept as read; either way
flagged ``ocr_code``, the code as read kept in ``code_read`` and said in the note. Its sub-rows
follow it and are flagged too. Reports without OCR'd rows pass untouched.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from cchc_analysis.derive.catalogue import Catalog
from cchc_analysis.derive.labels import cell_text
from cchc_analysis.derive.matching import label_candidates

OCR_CODE = "ocr_code"
#: How much better than the next the best label candidate must be to place a row by it.
MARGIN = 0.05
#: How much a trusted code weighs in the longest ordered run: a typed row outweighs any number
#: of OCR'd ones; an OCR'd row whose label is its code's outweighs one whose label says nothing.
_TYPED, _AGREES, _SILENT = 1000, 3, 2


@dataclass(frozen=True)
class _Grammar:
    """The template as a sequence: each coded row's place, and the code of each indicator."""

    position: dict[str, int]
    code_of: dict[str, str]
    coded: frozenset[str]  # indicator_ids of coded rows (item 0)
    keys: frozenset[tuple[str, int]]  # every (code, item) of the template


@lru_cache(maxsize=4)
def _grammar(catalog: Catalog) -> _Grammar:
    """The sequence of a catalogue's template (rows in document order), made once per catalogue."""
    template = catalog.template
    heads = template[template["item"].astype(int) == 0]
    return _Grammar(
        position={code: n for n, code in enumerate(heads["code"])},
        code_of=dict(zip(template["indicator_id"], template["code"])),
        coded=frozenset(heads["indicator_id"]),
        keys=frozenset(zip(template["code"], template["item"].astype(int))),
    )


def _flags(row: dict) -> set[str]:
    return set(cell_text(row.get("flags")).split())


def _is_ocr(row: dict) -> bool:
    return "ocr" in _flags(row)


def _code(row: dict) -> str:
    return cell_text(row.get("code"))


def _label_says(row: dict, catalog: Catalog, grammar: _Grammar) -> set[str]:
    """The codes of the coded rows the label is by the matcher's own keys (no similarity)."""
    found = label_candidates(catalog, "", row.get("label"))
    return {grammar.code_of[rid] for rid, score in found.items() if score == 1.0 and rid in grammar.coded}


def _trusted(rows: list[dict], catalog: Catalog, grammar: _Grammar) -> set[int]:
    """Indexes of the coded rows whose code is kept: the heaviest run of template codes in
    increasing template order. An OCR'd code whose label names another row, or read twice with
    no label to tell which is right, never joins it."""
    heads = [i for i, r in enumerate(rows) if int(r.get("item") or 0) == 0 and _code(r) in grammar.position]
    says = {i: _label_says(rows[i], catalog, grammar) for i in heads if _is_ocr(rows[i])}
    read = Counter(_code(rows[i]) for i in heads)
    weight = {}
    for i in heads:
        code = _code(rows[i])
        if i not in says:
            weight[i] = _TYPED
        elif code in says[i]:
            weight[i] = _AGREES
        elif not says[i] and read[code] == 1:
            weight[i] = _SILENT
    starts = [i for i, r in enumerate(rows) if int(r.get("item") or 0) == 0]
    for before, i, after in zip([0, *starts], starts, [*starts[1:], len(rows) - 1]):
        # a code only the order vouches for, beside a row the template has no place for (a code
        # read out of order, not a code, a sub-row the row lacks): either may be the misread one
        near = (j for j in range(before, after + 1) if j != i)
        if weight.get(i) == _SILENT and not all(_fits(rows[j], j < i, _code(rows[i]), grammar) for j in near):
            del weight[i]
    eligible = [i for i in heads if i in weight]
    best: dict[int, tuple[int, int | None]] = {}  # index → (weight of the best run ending there, previous)
    for n, i in enumerate(eligible):
        here = grammar.position[_code(rows[i])]
        before = [(best[j][0], j) for j in eligible[:n] if grammar.position[_code(rows[j])] < here]
        total, previous = max(before, default=(0, None))
        best[i] = (total + weight[i], previous)
    run, at = set(), max(best, key=lambda i: (best[i][0], -i), default=None)
    while at is not None:
        run.add(at)
        at = best[at][1]
    return run


def _fits(row: dict, earlier: bool, code: str, grammar: _Grammar) -> bool:
    """Whether a row near the coded row ``code`` has its place in the template: a coded row
    before (``earlier``) or after it in template order, a sub-row the template has."""
    read, item = _code(row), int(row.get("item") or 0)
    if item:
        return (read, item) in grammar.keys
    if read not in grammar.position:
        return False
    return (
        grammar.position[read] < grammar.position[code]
        if earlier
        else grammar.position[read] > grammar.position[code]
    )


def _best(candidates: dict[str, float]) -> str | None:
    """The single best candidate, if it is clearly better than the next."""
    ranked = sorted(candidates.items(), key=lambda c: -c[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] < MARGIN):
        return None
    return ranked[0][0]


class _Placer:
    """Walks one report's rows in order, keeping the last placed coded row (the parent of the
    sub-rows after it) and the template codes already used."""

    def __init__(self, rows: list[dict], catalog: Catalog) -> None:
        self.rows, self.catalog, self.grammar = rows, catalog, _grammar(catalog)
        self.trusted = trusted = _trusted(rows, catalog, self.grammar)
        self.used = {_code(rows[i]) for i in trusted}
        self.next_bound: list[int] = []  # template position of the next trusted code after each row
        bound = len(self.grammar.position)
        for i in reversed(range(len(rows))):
            self.next_bound.append(bound)
            if i in trusted:
                bound = self.grammar.position[_code(rows[i])]
        self.next_bound.reverse()
        self.last = -1  # template position of the last coded row
        self.parent, self.parent_sure, self.item = "", True, 0

    def coded_place(self, index: int) -> str | None:
        """The coded row the label of row ``index`` places it at, among those that fit the order."""
        found = label_candidates(self.catalog, "", self.rows[index].get("label"))
        fits = {
            rid: score
            for rid, score in found.items()
            if rid in self.grammar.coded and self.fits(index, self.grammar.code_of[rid])
        }
        rid = _best(fits)
        return None if rid is None else self.grammar.code_of[rid]

    def fits(self, index: int, code: str) -> bool:
        """Whether ``code`` is a template code free and in order at row ``index``."""
        position = self.grammar.position.get(code, -1)
        return code not in self.used and self.last < position < self.next_bound[index]

    def is_child(self, index: int) -> bool:
        """Whether the label of row ``index`` is that of a sub-row of the current parent."""
        found = label_candidates(self.catalog, self.parent, self.rows[index].get("label"))
        return self.parent in self.grammar.position and _best(found) is not None

    def head(self, code: str, sure: bool) -> None:
        self.parent, self.parent_sure, self.item = code, sure, 0
        if sure and code in self.grammar.position:
            self.last = self.grammar.position[code]
            self.used.add(code)

    def place(self, index: int) -> dict:
        """Row ``index`` with the key it is stored under (the same row when nothing changed)."""
        row = self.rows[index]
        read, is_head = _code(row), int(row.get("item") or 0) == 0
        ocr = _is_ocr(row)
        if is_head and (index in self.trusted or not ocr):
            self.head(read, True)
            return row
        if is_head:
            stt = f"STT “{read}” đọc bằng OCR không phải mã số của mẫu ở vị trí này"
            if code := self.coded_place(index):
                self.head(code, True)
                if code == read:  # the label confirms the code as read
                    return row
                return _rekeyed(row, code, 0, f"{stt}: xếp theo tên chỉ tiêu vào mục {code}")
            if self.parent and self.is_child(index):
                self.item += 1
                return _rekeyed(
                    row,
                    self.parent,
                    self.item,
                    f"{stt}: xếp theo tên chỉ tiêu làm dòng con của mục {self.parent}",
                )
            if self.fits(index, read):
                stt = f"STT “{read}” đọc bằng OCR có trong mẫu nhưng dòng bên cạnh đọc không chắc chắn"
            self.head(read, False)
            return _rekeyed(
                row, read, 0, f"{stt}; tên chỉ tiêu cũng không xác định được dòng: giữ mã như đọc được"
            )
        unbulleted = "unbulleted_sub_row" in _flags(row)
        beyond = (self.parent, self.item + 1) not in self.grammar.keys  # no such sub-row in the template
        if ocr and (unbulleted or beyond) and not self.is_child(index):
            lost = (
                "dòng không có STT và không có “- ”"
                if unbulleted
                else f"dòng con thứ {self.item + 1} không có trong mẫu ở mục {self.parent or read}"
            ) + " (OCR có thể bỏ sót mã số)"
            if code := self.coded_place(index):
                self.head(code, True)
                return _rekeyed(row, code, 0, f"{lost}: xếp theo tên chỉ tiêu vào mục {code}", read="")
            self.parent_sure = False
            self.item += 1
            return _rekeyed(row, self.parent or read, self.item, f"{lost}: chưa xác định được dòng", read="")
        self.item += 1
        code = self.parent or read
        if (code, self.item) == (read, int(row.get("item") or 0)) and self.parent_sure:
            return row
        why = "dòng mẹ có mã đọc bằng OCR chưa chắc chắn" if not self.parent_sure else "theo dòng mẹ"
        return _rekeyed(row, code, self.item, f"dòng con xếp vào mục {code} {why}")


def _rekeyed(row: dict, code: str, item: int, note: str, read: str | None = None) -> dict:
    """The row under (code, item), flagged ``ocr_code``, the code it was read under (``read``:
    "" when its STT was lost) and why in the row."""
    read = _code(row) if read is None else read
    flags = sorted(_flags(row) | {OCR_CODE})
    notes = [n for n in (cell_text(row.get("note")), note) if n]
    return {
        **row,
        "code": code or None,
        "item": item,
        "code_read": read or None,
        "flags": " ".join(flags),
        "note": "; ".join(notes),
    }


def place_codes(rows: list[dict], catalog: Catalog) -> list[dict]:
    """One report's observation records (in document order) with every OCR'd row number checked
    against the template: kept, placed by its label, or kept as read, flagged ``ocr_code``."""
    if not any(_is_ocr(r) for r in rows):
        return rows
    placer = _Placer(rows, catalog)
    return [placer.place(i) for i in range(len(rows))]
