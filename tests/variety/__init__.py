"""Generated variety (issue 17, item 5): consistent CCHC reports in the province template,
written from a grammar of the variants clerks use — letterheads, period statements, headings,
label and unit wordings, value forms, narrative sentences — in .txt, .docx and .xlsx, each with
the reading expected of it typed by the generator from its own choices (never read back from the
program), and reports with exactly one planted contradiction of each check's kind.

``generate.generate(seed)`` makes one (seeded, reproducible); ``score.run(seeds, folder)``
ingests many at once and compares; ``benchmarks/variety.py`` prints the scoreboard."""
