"""A scanned or photographed page made ready for OCR: the paper found and flattened, its
background lifted, straightened and binarised, and its table rules found by line morphology.

As OCRmyPDF and unpaper prepare pages: a phone photo's page is found by its outline (the largest
bright quadrilateral) and warped flat; the paper's own shade, uneven light and shadows are divided
out (the background is the page with its ink closed over, at low resolution); the page is turned
by the angle at which its rows of ink are sharpest and thresholded. Rules are what survives an
opening with a long thin kernel, so that a shadow or a desk (gone with the background) and text
(short strokes) never count as one. Everything is uint8 at the page's resolution: no float copy
of a whole page.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from cchc_analysis.sources.pages import Rule

#: Width of a flattened photo (pixels): A4 at the scan's 300 dpi.
PHOTO_WIDTH = 2480
#: The paper's outline covers less of the image than this: the image is a photo of a page.
_PHOTO_COVER = 0.92
#: Height (pixels) pages are reduced to for finding the outline, the background and the angle.
_SMALL = 900
#: Angles tried when straightening (degrees): coarse, then finely around the best.
_COARSE = np.arange(-3.0, 3.01, 0.25)
_FINE = np.arange(-0.25, 0.26, 0.05)
#: A run of ink at least this long (points) is a table rule, not a letter.
MIN_RULE_PT = 24.0
#: Darker than this (0–255, the background lifted) may be part of a rule.
_FAINT = 215
#: A vertical rule spans at least two rows of a table, longer than this (points): the stems of
#: letters on two lines and the rule between them make a shorter one.
_MIN_VERTICAL_PT = 36.0
#: A rule is thinner than this (points): a thicker dark band is a picture or a stamp.
_MAX_RULE_PT = 3.0


@dataclass
class Prepared:
    """A page ready for the engine: ``page`` black ink on white (0/255); ``level`` the same in
    grey (its faint strokes too: a thin rule is grey at 200 dpi); its resolution."""

    page: np.ndarray
    level: np.ndarray
    dpi: float


def prepare(gray: np.ndarray, dpi: float) -> Prepared:
    """``gray`` (uint8) → flattened if it is a photo, background lifted, straight, binarised."""
    quad = paper_outline(gray)
    if quad is not None:
        gray = _flatten(gray, quad)
        dpi = PHOTO_WIDTH / (210 / 25.4)
    level = _level(cv2.medianBlur(gray, 3))
    angle = _angle(level)
    if abs(angle) >= 0.05:
        height, width = level.shape
        turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
        level = cv2.warpAffine(level, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)
    threshold, _ = cv2.threshold(level, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    _, page = cv2.threshold(level, min(threshold, 200), 255, cv2.THRESH_BINARY)
    return Prepared(page, level, dpi)


def _small(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """``gray`` reduced to ``_SMALL`` pixels high (never enlarged), and the factor."""
    scale = min(1.0, _SMALL / gray.shape[0])
    size = (max(1, round(gray.shape[1] * scale)), max(1, round(gray.shape[0] * scale)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), scale


def paper_outline(gray: np.ndarray) -> np.ndarray | None:
    """The corners (tl, tr, br, bl; pixels) of the page in a photo, or None when the paper fills
    the image (a scanner's page) or no four-cornered outline stands out."""
    small, scale = _small(gray)
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    outline = max(contours, key=cv2.contourArea)
    cover = cv2.contourArea(outline) / (small.shape[0] * small.shape[1])
    if not 0.2 < cover < _PHOTO_COVER:
        return None
    polygon = cv2.approxPolyDP(cv2.convexHull(outline), 0.005 * cv2.arcLength(outline, True), True)
    points = _corners(polygon.reshape(-1, 2).astype(np.float32))
    if points is None:
        return None
    return points / scale


def _corners(polygon: np.ndarray) -> np.ndarray | None:
    """The four corners (tl, tr, br, bl) of a page's outline: where its longest top, right,
    bottom and left sides meet (a shadow or a finger across a corner cuts it off with a slanted
    side of its own, which is none of the four)."""
    centre = polygon.mean(axis=0)
    best: dict[str, tuple[float, np.ndarray, np.ndarray]] = {}
    for a, b in zip(polygon, np.roll(polygon, -1, axis=0)):
        dx, dy = abs(b - a)
        if max(dx, dy) < 2 * min(dx, dy):  # slanted: a cut corner
            continue
        middle = (a + b) / 2
        if dx > dy:
            side = "top" if middle[1] < centre[1] else "bottom"
        else:
            side = "left" if middle[0] < centre[0] else "right"
        length = float(np.hypot(dx, dy))
        if length > best.get(side, (0.0,))[0]:
            best[side] = (length, a, b)
    if len(best) < 4:
        return None
    corners = []
    for first, second in (("top", "left"), ("top", "right"), ("bottom", "right"), ("bottom", "left")):
        (_, a, b), (_, c, d) = best[first], best[second]
        r, q = b - a, d - c
        cross = r[0] * q[1] - r[1] * q[0]
        if abs(cross) < 1e-6:
            return None
        t = ((c - a)[0] * q[1] - (c - a)[1] * q[0]) / cross
        corners.append(a + t * r)
    return np.float32(corners)


def _flatten(gray: np.ndarray, quad: np.ndarray) -> np.ndarray:
    """The page inside ``quad`` warped flat, ``PHOTO_WIDTH`` wide in its own proportions."""
    tl, tr, br, bl = quad
    across = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    down = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    width, height = PHOTO_WIDTH, round(PHOTO_WIDTH * down / across)
    target = np.float32([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    warp = cv2.getPerspectiveTransform(quad, target)
    return cv2.warpPerspective(gray, warp, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)


def _level(gray: np.ndarray) -> np.ndarray:
    """The page divided by its background (the paper's shade, uneven light, a shadow): paper
    white, ink as dark as it stands out from the paper around it."""
    small, _ = _small(gray)
    size = max(3, small.shape[0] // 60) | 1  # wider than a letter's stroke, as the page is reduced
    background = cv2.morphologyEx(
        small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    )
    background = cv2.medianBlur(background, 5)
    background = cv2.resize(background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(background, 1), scale=255)


def _angle(level: np.ndarray) -> float:
    """The angle (degrees) at which the page's rows of ink are sharpest (projection profile)."""
    small, _ = _small(level)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    height, width = ink.shape
    centre = (width / 2, height / 2)

    def sharpness(angle: float) -> float:
        turn = cv2.getRotationMatrix2D(centre, float(angle), 1.0)
        rows = cv2.warpAffine(ink, turn, (width, height), flags=cv2.INTER_NEAREST).sum(axis=1, dtype=np.int64)
        return float(np.var(rows))

    best = max(_COARSE, key=sharpness)
    return float(max(best + _FINE, key=sharpness))


def find_rules(prepared: Prepared) -> tuple[list[Rule], list[Rule], np.ndarray]:
    """The page's table rules, horizontal and vertical (points), and the page with them erased
    (a trace of a rule next to a figure is read as a letter). Rules are looked for in all that
    is darker than the paper, faint strokes too: only a long line survives the opening; of those,
    a rule is one that meets two rules across it (a table's), not a word's stroke or an underline."""
    page, dpi = prepared.page, prepared.dpi
    scale = 72.0 / dpi
    _, ink = cv2.threshold(prepared.level, _FAINT, 255, cv2.THRESH_BINARY_INV)
    length, thick = int(MIN_RULE_PT / scale), max(2, int(_MAX_RULE_PT / scale))
    found = []
    for kernel, vertical in (((length, 1), False), ((1, length), True)):
        bridged = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones(_bridge(vertical), np.uint8))
        opened = cv2.morphologyEx(bridged, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        contours, _ = cv2.findContours(opened, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        lines = _lines(contours, vertical, thick, 4 / scale)
        shortest = (_MIN_VERTICAL_PT if vertical else MIN_RULE_PT) / scale
        found.append((contours, [line for line in lines if line[2] - line[1] >= shortest]))
    del ink
    (h_contours, horizontal), (v_contours, vertical) = found
    near = 3 / scale
    horizontal, vertical = (
        [h for h in horizontal if _framed(h, vertical, near)],
        [v for v in vertical if _framed(v, horizontal, near)],
    )
    erase = np.zeros_like(page)
    for contours, rules in ((h_contours, horizontal), (v_contours, vertical)):
        kept = [contours[k] for rule in rules for k in rule[3]]
        cv2.drawContours(erase, kept, -1, 255, thickness=cv2.FILLED)
    erased = cv2.bitwise_or(page, cv2.dilate(erase, np.ones((5, 5), np.uint8)))
    return (
        [Rule(at * scale, start * scale, end * scale) for at, start, end, _ in horizontal],
        [Rule(at * scale, start * scale, end * scale) for at, start, end, _ in vertical],
        erased,
    )


def _bridge(vertical: bool) -> tuple[int, int]:
    """The kernel that closes a break of a pixel or two along a rule (noise, JPEG)."""
    return (5, 1) if vertical else (1, 5)


Line = tuple[float, float, float, list[int]]  # at, start, end (pixels), its pieces' contours


def _lines(contours: tuple, vertical: bool, thick: int, gap: float) -> list[Line]:
    """The stretches an opening kept (their outlines) as lines: thin ones only, pieces on one
    line that nearly meet joined (a rule broken by noise)."""
    pieces = []
    for k, contour in enumerate(contours):
        x, y, w, h = cv2.boundingRect(contour)
        along, at, start = (h, x + w / 2, y) if vertical else (w, y + h / 2, x)
        if cv2.contourArea(contour) / along <= thick:
            pieces.append((at, start, start + along, k))
    merged: list[Line] = []
    for at, start, end, k in sorted(pieces, key=lambda p: (p[1], p[0])):
        near = next((n for n, m in enumerate(merged) if abs(m[0] - at) <= 3 and start <= m[2] + gap), None)
        if near is None:
            merged.append((at, start, end, [k]))
        else:
            m = merged[near]
            merged[near] = (m[0], m[1], max(m[2], end), [*m[3], k])
    return merged


def _framed(line: Line, across: list[Line], near: float) -> bool:
    """A line that meets at least two lines across it (within ``near`` pixels), as a table's
    rules do, a cell's two sides: the stems of letters stacked over a rule ("T" on two lines)
    make a long line too, but it meets that one rule only."""
    at, start, end, _ = line
    meets = (a for a in across if start - near <= a[0] <= end + near and a[1] - near <= at <= a[2] + near)
    return sum(1 for _ in meets) >= 2
