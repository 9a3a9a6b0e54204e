"""Benchmark: `cchc render` against a naive papermill + nbconvert loop and against the floor of
merely starting a fresh kernel per report; the no-op re-render; --jobs 2 against --jobs 1; the
PDF of the bundled report against Chromium's own --print-to-pdf; `cchc verify`.

    python benchmarks/render_bench.py [--reports 20] [--rounds 3] [--naive-sample 5]

One run on this machine, everything interleaved round by round, medians printed. The corpus is
synthetic (benchmarks/corpus.py: N agencies of one province, one period), written to a temporary
folder and ingested once. Per round:
- naive: for `--naive-sample` of the reports, the `papermill` CLI then `jupyter nbconvert --to
  html --no-input` CLI, one report after the other (seconds per report);
- floor: N fresh kernels (jupyter_client, the project's kernel) that only import pandas and
  matplotlib, two at a time (seconds per report = wall / N);
- render: `cchc render --format html` of the N reports, their overview and province report into
  an empty folder with no chart cached (the font subset is, as it is once per machine and
  version) (seconds per report = wall / N), with --jobs 2 and --jobs 1;
- noop: the same command again (nothing changed);
- verify: `cchc verify` of the rendered batch;
- pdf: the bundled report rendered with --format html,pdf: the PDF step's own seconds as the
  render recorded them in render.json, against `chromium --headless --print-to-pdf` of the same
  HTML started as a user would (a new browser, a new profile); and the batch's PDFs, per report,
  against the same for `--naive-sample` of its pages.
The last lines are `name: value`, ratios as plain numbers, then the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import build_corpus  # noqa: E402

from cchc_analysis.report.page import browser  # noqa: E402

BIN = Path(sys.executable).parent
SEED = ROOT / "data" / "raw" / "000_8a77118b8e337001.txt"
NOTEBOOK = ROOT / "notebooks" / "period_report.ipynb"
#: The renderer's own Chromium flags, for a command-line print (no DevTools pipe to drive it).
CHROMIUM_FLAGS = [f for f in browser.FLAGS if f != "--remote-debugging-pipe"] + ["--no-pdf-header-footer"]
CHROMIUM_FLAGS += ["--no-sandbox"] if os.geteuid() == 0 else []


def run(command: list[str], env: dict | None = None) -> float:
    """Seconds a command takes (it must succeed: else what it said, and the benchmark stops)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if done.returncode:
        sys.exit(
            f"{' '.join(command[:2])} failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    return time.perf_counter() - start


def cchc(*args: str, cache: Path | None = None) -> float:
    env = {"CCHC_CACHE_DIR": str(cache)} if cache else None
    return run([str(BIN / "cchc"), *args], env)


def chart_cache(folder: Path) -> Path:
    """A cache with the embedded font's subset (built once per machine and version, as in use)
    and no chart in it yet."""
    run(
        [sys.executable, "-c", "from cchc_analysis.report.page import fonts; fonts.font_face_css()"],
        {"CCHC_CACHE_DIR": str(folder)},
    )
    return folder


def reports_of(data: Path) -> list[tuple[str, str, str]]:
    """(province, agency, period) of every report in the store."""
    import pandas as pd

    sources = pd.read_csv(data / "sources.csv", encoding="utf-8-sig")
    return sorted(zip(sources["province"], sources["agency"], sources["period"]))


def naive(data: Path, reports: list, work: Path) -> float:
    """papermill CLI + nbconvert CLI per report, one after the other: seconds per report."""
    start = time.perf_counter()
    for n, (province, agency, period) in enumerate(reports):
        executed = work / f"naive{n}.ipynb"
        subprocess.run(
            [
                str(BIN / "papermill"),
                str(NOTEBOOK),
                str(executed),
                "-p",
                "province",
                province,
                "-p",
                "agency",
                agency,
                "-p",
                "period",
                period,
                "-p",
                "data_dir",
                str(data),
                "--no-progress-bar",
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            check=True,
            capture_output=True,
        )
    return (time.perf_counter() - start) / len(reports)


def floor(count: int) -> float:
    """``count`` fresh kernels that import pandas and matplotlib, two at a time: seconds each."""
    from jupyter_client.manager import start_new_kernel

    def one() -> None:
        manager, client = start_new_kernel(
            kernel_name="python3",  # quiet, as cchc's kernels
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )
        try:
            client.execute_interactive("import pandas, matplotlib", timeout=120)
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)

    todo = list(range(count))
    lock = threading.Lock()

    def worker() -> None:
        while True:
            with lock:
                if not todo:
                    return
                todo.pop()
            one()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return (time.perf_counter() - start) / count


def chromium(html: Path, work: Path) -> float:
    """`chromium --headless --print-to-pdf` of one page, with a new profile, as a user runs it."""
    profile = Path(tempfile.mkdtemp(dir=work))
    seconds = run(
        [
            shutil.which("chromium") or "chromium",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={work / 'chromium.pdf'}",
            html.as_uri(),
        ]
    )
    shutil.rmtree(profile, ignore_errors=True)
    return seconds


def pdf_seconds(out: Path) -> list[float]:
    """The PDF step of every report under ``out``, as its render.json recorded it."""
    return [
        json.loads(p.read_text(encoding="utf-8"))["stage_seconds"]["pdf"]
        for p in sorted(out.glob("*/*/*/render.json"))
    ]


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--naive-sample", type=int, default=5)
    args = parser.parse_args()
    figures: dict[str, list[float]] = {}

    def note(name: str, value: float) -> None:
        figures.setdefault(name, []).append(value)
        print(f"  {name}: {value:.3f}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build_corpus(work / "raw", args.reports, 1)
        cchc("ingest", str(work / "raw"), "--out", str(work / "store"))
        (work / "seed").mkdir()
        shutil.copy(SEED, work / "seed" / SEED.name)
        cchc("ingest", str(work / "seed"), "--out", str(work / "seed-store"))
        reports = reports_of(work / "store" / "current")
        sample = reports[: args.naive_sample]
        for r in range(args.rounds):
            print(f"round {r + 1}/{args.rounds}", flush=True)
            rnd = work / f"r{r}"
            rnd.mkdir()
            note("naive_s_per_report", naive(work / "store", sample, rnd))
            note("floor_s_per_report", floor(args.reports))
            batch = ["render", "--data", str(work / "store"), "--format", "html"]
            full = cchc(*batch, "--jobs", "2", "--out", str(rnd / "j2"), cache=chart_cache(rnd / "cache2"))
            note("render_s_per_report", full / args.reports)
            note("render_jobs2_s", full)
            note("noop_s", cchc(*batch, "--out", str(rnd / "j2"), cache=rnd / "cache2"))
            note(
                "render_jobs1_s",
                cchc(*batch, "--jobs", "1", "--out", str(rnd / "j1"), cache=chart_cache(rnd / "cache1")),
            )
            note(
                "verify_s",
                cchc("verify", "--data", str(work / "store"), "--out", str(rnd / "j2"), cache=rnd / "cache2"),
            )
            seed_out = rnd / "seed"
            cchc(
                "render",
                "--data",
                str(work / "seed-store"),
                "--out",
                str(seed_out),
                "--format",
                "html,pdf",
                cache=chart_cache(rnd / "cache-seed"),
            )
            report_html = next(seed_out.glob("*/*/*/report.html"))
            note("pdf_bundled_s", pdf_seconds(seed_out)[0])
            note("chromium_bundled_s", chromium(report_html, rnd))
            cchc(
                *batch[:-1],
                "html,pdf",
                "--jobs",
                "2",
                "--out",
                str(rnd / "pdf"),
                cache=chart_cache(rnd / "cache-pdf"),
            )
            note("pdf_batch_s_per_report", median(pdf_seconds(rnd / "pdf")))
            pages = sorted((rnd / "pdf").glob("*/*/*/report.html"))[: args.naive_sample]
            note("chromium_batch_s_per_report", median([chromium(p, rnd) for p in pages]))

    m = {name: median(values) for name, values in figures.items()}
    print()
    for name, value in m.items():
        print(f"{name}: {value:.3f}")
    print(f"render_speedup_vs_naive: {m['naive_s_per_report'] / m['render_s_per_report']:.2f}")
    print(f"render_vs_floor: {m['render_s_per_report'] / m['floor_s_per_report']:.2f}")
    print(f"jobs2_speedup_vs_jobs1: {m['render_jobs1_s'] / m['render_jobs2_s']:.2f}")
    print(f"noop_share_of_full: {m['noop_s'] / m['render_jobs2_s']:.3f}")
    print(f"pdf_bundled_vs_chromium: {m['pdf_bundled_s'] / m['chromium_bundled_s']:.2f}")
    print(f"pdf_batch_vs_chromium: {m['pdf_batch_s_per_report'] / m['chromium_batch_s_per_report']:.2f}")
    print(f"rounds: {args.rounds}")
    print(f"cores: {os.cpu_count()}")
    print("load_average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
