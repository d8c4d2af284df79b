"""Printable handouts, made from data/ (never copied by hand): one HTML page each, ready to print.

``svkit handouts --out DIR`` writes them; :func:`build` does the same from Python. Pure apart from
:func:`write`: data in, HTML text out. Every piece of text is escaped, and every handout names the
data file and the toolkit sections it comes from.
"""

from __future__ import annotations

import shutil
import subprocess
from html import escape
from pathlib import Path
from typing import Callable

from pydantic import Field

from svkit import canvas, conditions, content, evaluation, istatements, lenses, pathways
from svkit.content import SourceRef, Strict, data_file


class Reading(Strict):
    title: str = Field(min_length=3)
    by: str = Field(min_length=3)
    where: str | None = None  # the address the toolkit gives, if any
    about: str = Field(min_length=20)  # our one-line description
    cited_in: SourceRef


class ReadingList(Strict):
    items: list[Reading] = Field(min_length=1)


reading_list = data_file("reading/list.yaml", ReadingList)


PRINT_CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.35; color: #000; max-width: 60rem;
  margin: 1rem auto; }
h1 { font-size: 18pt; margin: 0 0 0.3rem; } h2 { font-size: 13pt; margin: 1rem 0 0.3rem; }
table { border-collapse: collapse; width: 100%; } caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #444; padding: 0.3rem 0.4rem; vertical-align: top; text-align: left; }
tr { break-inside: avoid; } ol li, ul li { margin: 0.25rem 0; break-inside: avoid; }
.source { font-size: 9pt; color: #333; margin-top: 1rem; } .kit { font-size: 9pt; color: #333; }
.box { border: 1px solid #444; height: 4rem; margin: 0.3rem 0 0.8rem; }
"""


def _page(title: str, body: str, sources: list[str]) -> str:
    cited = "; ".join(escape(s) for s in dict.fromkeys(sources))
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{PRINT_CSS}</style></head><body>"
            f"<h1>{escape(title)}</h1><p class=\"kit\">svkit workshop handout, made from the kit's data. "
            "Based on the CCIN Social Value Toolkit (2025); the wording is the kit's own.</p>"
            f"{body}<p class=\"source\">Sources: {cited}.</p></body></html>\n")


def nine_rows() -> str:
    """The nine-row table: competition beside collaboration, row by row."""
    table = lenses.table()
    rows = "".join(f'<tr><th scope="row">{escape(r.aspect)}</th><td>{escape(r.competition)}</td>'
                   f"<td>{escape(r.collaboration)}</td></tr>" for r in table.rows)
    body = ('<table><caption>Understanding the differences: competition and collaboration</caption>'
            '<tr><th scope="col">Aspect</th><th scope="col">Competition</th><th scope="col">Collaboration</th></tr>'
            f"{rows}</table>")
    return _page("Competition and collaboration: the nine rows", body,
                 ["data/toolkit/lenses.yaml", "CCIN Social Value Toolkit (2025), executive summary, "
                  "'Understanding the differences'"])


def eleven_steps() -> str:
    """Both eleven-step lists: social value through competition, and through collaboration."""
    comp, coll = conditions.steps(), canvas.steps()
    first = "".join(f"<li><strong>{escape(s.title)}.</strong> {escape(s.text)}</li>" for s in comp.steps)
    second = "".join(f"<li><strong>{escape(s.title)}.</strong> {escape(s.text)}</li>" for s in coll.steps)
    body = (f"<h2>Through competition: eleven steps</h2><ol>{first}</ol>"
            f"<h2>Through collaboration: eleven steps</h2><ol>{second}</ol>")
    return _page("The two eleven-step lists", body,
                 ["data/competition/steps.yaml", "data/collaboration/steps.yaml",
                  *(str(s) for s in comp.sources), *(str(s) for s in coll.sources)])


def routes() -> str:
    """The thirteen collaborative routes, each with what it is for."""
    table = pathways.routes()
    rows = "".join(f'<tr><th scope="row">{escape(r.name)}</th><td>{escape(r.purpose)}</td></tr>' for r in table.routes)
    body = ("<p><strong>Not legal advice.</strong> Take legal advice before using any route.</p>"
            f'<table><caption>The {len(table.routes)} routes</caption><tr><th scope="col">Route</th>'
            f'<th scope="col">What it is for</th></tr>{rows}</table>')
    return _page(f"The {len(table.routes)} collaborative routes", body,
                 ["data/pathways/routes.yaml", "CCIN Social Value Toolkit (2025), supporting narrative, "
                  "'Collaborative commissioning - tools and pathways'"])


def wigan_then_and_now() -> str:
    """Wigan's homecare in 2015 and now, row by row."""
    table = istatements.then_and_now()
    rows = "".join(f'<tr><th scope="row">{escape(r.topic)}</th><td>{escape(r.then)}</td><td>{escape(r.now)}</td></tr>'
                   for r in table.rows)
    body = ('<table><caption>Homecare in Wigan: 2015 and now</caption><tr><th scope="col">Topic</th>'
            f'<th scope="col">Then (2015)</th><th scope="col">Now</th></tr>{rows}</table>')
    return _page("Wigan: then and now", body, ["data/wigan/then-and-now.yaml", *(str(r.source) for r in table.rows)])


def glossary() -> str:
    """Every term of art in plain words."""
    terms = sorted(content.load().glossary, key=lambda t: t.term.lower())
    items = "".join(f"<dt><strong>{escape(t.term)}</strong></dt><dd>{escape(t.definition)}</dd>" for t in terms)
    return _page("Glossary", f"<dl>{items}</dl>", ["data/glossary.yaml"])


def reading() -> str:
    """The toolkit's reading list."""
    items = []
    for r in reading_list().items:
        where = f" <span>{escape(r.where)}</span>" if r.where else ""
        items.append(f"<li><strong>{escape(r.title)}</strong>, {escape(r.by)}.{where}<br>{escape(r.about)} "
                     f"<em>Cited in: {escape(str(r.cited_in))}.</em></li>")
    return _page("Reading list", f"<ul>{''.join(items)}</ul>", ["data/reading/list.yaml"])


def evaluation_form() -> str:
    """The session evaluation on paper: the same questions before and after, then the open ones."""
    ev = evaluation.form()
    rows = "".join(f'<tr><th scope="row">{escape(q.text)}</th><td></td><td></td></tr>' for q in ev.questions)
    open_q = "".join(f'<p><strong>{escape(q.text)}</strong></p><div class="box"></div>' for q in ev.open)
    body = (f"<p>Score each from {escape(ev.scale_words)}: once at the start, once at the end. No names needed.</p>"
            '<table><caption>Before and after</caption><tr><th scope="col">Question</th><th scope="col">Start</th>'
            f'<th scope="col">End</th></tr>{rows}</table>{open_q}')
    return _page("Session evaluation", body, ["data/sessions/evaluation.yaml"])


#: file name -> builder, in the order a trainer would hand them out
HANDOUTS: dict[str, Callable[[], str]] = {
    "nine-rows.html": nine_rows,
    "eleven-steps.html": eleven_steps,
    "thirteen-routes.html": routes,
    "wigan-then-and-now.html": wigan_then_and_now,
    "glossary.html": glossary,
    "reading-list.html": reading,
    "evaluation-form.html": evaluation_form,
}


def build() -> dict[str, str]:
    """Every handout as {file name: HTML}."""
    return {name: make() for name, make in HANDOUTS.items()}


def write(out: Path) -> list[Path]:
    """Write every handout into ``out`` (made if missing); return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, html in build().items():
        path = out / name
        path.write_text(html, encoding="utf-8")
        written.append(path)
    return written


#: Browsers that can print a page to PDF from the command line, in the order tried.
PDF_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PDF_TIMEOUT_SECONDS = 120  # per handout; a loaded machine can be slow to start a browser


class PdfError(Exception):
    """The PDFs could not be made here (no browser, or it failed); the message says what to do."""


def pdf_browser() -> str | None:
    """The path of a browser that can print to PDF, or None."""
    return next((path for path in map(shutil.which, PDF_BROWSERS) if path), None)


def write_pdfs(html_files: list[Path], browser: str | None = None) -> list[Path]:
    """Print each HTML handout to a PDF beside it with headless Chromium; return the PDFs."""
    browser = browser or pdf_browser()
    if browser is None:
        raise PdfError("No Chromium or Chrome was found to print the PDFs; the HTML handouts print from any browser.")
    pdfs = []
    for html in html_files:
        pdf = html.with_suffix(".pdf")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--print-to-pdf={pdf}", html.resolve().as_uri()]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=PDF_TIMEOUT_SECONDS)
        except (OSError, subprocess.SubprocessError) as exc:
            raise PdfError(f"The browser could not print {html.name} to PDF ({type(exc).__name__}); "
                           "the HTML handouts print from any browser.") from exc
        if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
            raise PdfError(f"The browser did not write {pdf.name}; the HTML handouts print from any browser.")
        pdfs.append(pdf)
    return pdfs
