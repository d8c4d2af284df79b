"""The start app: join a workshop or work alone, the resume code, the map, the glossary.

Domain module: ``svkit.catalogue``. Data folder: ``data/apps/``.
"""

from __future__ import annotations

import json

import ipywidgets as widgets

from svkit import catalogue, content, export, session
from svkit.store import format_join_code
from svkit.ui.kit.nav import START_URL_PATH as URL_PATH, relative_href
from svkit.ui.kit import WIDE, Page, esc, feedback_area, guarded, message, record_panel

LABEL = "start"
NAME_LIMIT = 60  # characters in a display name


def identity_html(page: Page) -> str:
    """Who the page thinks you are, in one sentence."""
    if page.visitor.workshop and not page.display_name:
        return (
            f"<p>Your link carries the join code for <strong>{esc(page.workshop_title or '')}</strong>. "
            "Type your name below and press <strong>Join workshop</strong> so your trainer can see your work.</p>"
        )
    if page.visitor.workshop:
        return (
            f"<p>You are in the workshop <strong>{esc(page.workshop_title or '')}</strong> "
            f"(join code {esc(format_join_code(page.visitor.workshop))}) as <strong>{esc(page.display_name)}</strong>.</p>"
        )
    return "<p>You are working on your own. Join a workshop below if your trainer gave you a code.</p>"


def resume_html(page: Page) -> str:
    code = session.resume_code(page.visitor.token)
    return (
        "<h2>Your resume code</h2>"
        f'<p class="svkit-code">{esc(code)}</p>'
        "<p>Write this down or copy it. Typed into this page on any computer, it brings back your answers. "
        "Anyone with the code can see your answers, so keep it to yourself.</p>"
    )


def map_html(page: Page) -> str:
    """The four sections with links to every lesson and exercise that exists."""
    parts = ["<h2>The four sections</h2>", '<ol class="svkit-map">']
    for section in content.load().sections:
        lesson = catalogue.lesson(section.lesson)
        title = esc(section.title)
        if lesson is not None:
            head = f'<a href="{esc(page.link(relative_href(URL_PATH, lesson.url_path)))}">{title}</a>'
        else:
            head = f"{title} <em>(lesson coming soon)</em>"
        items = "".join(
            f'<li><a href="{esc(page.link(relative_href(URL_PATH, ex.url_path)))}">'
            f"Exercise {esc(ex.label)}: {esc(ex.title)}</a></li>"
            for ex in catalogue.exercises(section.number)
        )
        exercises = f"<ul>{items}</ul>" if items else "<p>Exercises for this section are coming soon.</p>"
        parts.append(
            f"<li><h3>{head}</h3><p>{esc(section.summary)} About {section.minutes} minutes.</p>{exercises}</li>"
        )
    parts.append("</ol>")
    return "".join(parts)


EVALUATION_APP = "00-evaluation"


def evaluation_html(page: Page) -> str:
    """A link to the workshop evaluation (asked at the start and at the end), when the kit has it."""
    app = catalogue.lesson(EVALUATION_APP)
    if app is None:
        return ""
    href = esc(page.link(relative_href(URL_PATH, app.url_path)))
    return (f"<h2>{esc(app.title)}</h2><p>Four short questions, answered twice: once now, as the workshop "
            "begins, and again at the end, so you and your trainer can see what changed. "
            f'<a href="{href}">Open the {esc(app.title.lower())}</a>.</p>')


def glossary_html() -> str:
    rows = "".join(
        f"<dt>{esc(t.term)}</dt><dd>{esc(t.definition)}</dd>" for t in content.load().glossary
    )
    return f'<h2 id="glossary">Glossary</h2><dl class="svkit-glossary">{rows}</dl>'


def start_record(page: Page, aims: str) -> export.Record:
    """What the participant takes away from the start page."""
    facts = [("Resume code", session.resume_code(page.visitor.token))]
    if page.visitor.workshop:
        facts.append(("Workshop", f"{page.workshop_title or ''} (join code {format_join_code(page.visitor.workshop)})"))
    if page.display_name:
        facts.append(("Name", page.display_name))
    return export.Record(
        title="Social value workshop: my starting point",
        facts=facts,
        sections=[("What I want to take back to my council", [aims])],
        footer="Type the resume code into the kit's start page to see your answers again.",
    )


def build_join_panel(page: Page, refresh) -> widgets.VBox:
    """Join a workshop by code and name, or choose to work alone."""
    code = widgets.Text(description="Workshop join code", placeholder="for example K7P-4QX", style=WIDE)
    name = widgets.Text(description="Your name, as your trainer will see it", style=WIDE,
                        layout=widgets.Layout(width="32rem"))
    join = widgets.Button(description="Join workshop", button_style="primary")
    alone = widgets.Button(description="Work on my own")
    feedback = feedback_area()

    def restore() -> None:
        page.bind(name, "display_name")
        page.bind(code, "join_code")
        if page.visitor.workshop and not code.value:  # arrived by a join link
            code.value = format_join_code(page.visitor.workshop)

    @guarded(page, feedback)
    def on_join(_):
        typed = code.value.strip()
        person = name.value.strip()
        if not typed:
            raise ValueError("Please type the join code your trainer gave you.")
        if not person:
            raise ValueError("Please type your name, so your trainer knows whose answers are whose.")
        if len(person) > NAME_LIMIT:
            raise ValueError(f"Please keep your name to {NAME_LIMIT} characters or fewer.")
        found = page.store.find_workshop(typed)
        if found is None:
            raise ValueError(
                f"No workshop has the code '{typed}'. Check it with your trainer; codes look like K7P-4QX."
            )
        page.store.join(page.visitor.token, found.code, person)
        page.set_identity(page.visitor.with_workshop(found.code), found.title, person)
        feedback.value = message(f"You have joined '{found.title}'.", "ok")
        refresh()

    @guarded(page, feedback)
    def on_alone(_):
        page.store.join(page.visitor.token, None, name.value.strip())
        page.set_identity(page.visitor.with_workshop(None), None, name.value.strip())
        feedback.value = message("You are working on your own. Your answers are still saved.", "ok")
        refresh()

    join.on_click(on_join)
    alone.on_click(on_alone)
    panel = widgets.VBox([
        widgets.HTML("<h2>Join your workshop</h2>"),
        code, name, widgets.HBox([join, alone]), feedback,
    ])
    panel.restore = restore  # the saved name and code, once the visitor is known
    return panel


def build_resume_panel(page: Page) -> widgets.VBox:
    """Type a resume code to get back to earlier answers."""
    typed = widgets.Text(description="Resume code from before", placeholder="XXXX-XXXX-XXXX-...",
                         style=WIDE, layout=widgets.Layout(width="34rem"))
    go = widgets.Button(description="Resume my work")
    feedback = feedback_area()

    @guarded(page, feedback)
    def on_resume(_):
        try:
            token = session.token_from_resume_code(typed.value)
        except session.ResumeCodeError as exc:
            raise ValueError(str(exc)) from exc
        if token == page.visitor.token:
            feedback.value = message("That is the code for this page already: your answers are here.", "ok")
            return
        href = "?" + session.Visitor(token=token).query
        feedback.value = (
            message("Code accepted. Opening your saved work…", "ok")
            + f'<p><a href="{esc(href)}">Open your saved work</a> if it does not open by itself.</p>'
        )
        page.scripts.run(f"window.location.assign({json.dumps(href)});")

    go.on_click(on_resume)
    return widgets.VBox([typed, go, feedback])


def build_start_app(page: Page | None = None) -> widgets.VBox:
    """The start app: identity, resume code, map of the kit, glossary.

    Everything is built first and filled in for the visitor last: in a pooled kernel the page
    request is read only then, so a room arriving at once waits for no widget building.
    """
    page = page or Page(LABEL)
    who, resume, kit_map, survey = widgets.HTML(), widgets.HTML(), widgets.HTML(), widgets.HTML()
    aims = widgets.Textarea(
        description="What do you want to take back to your council from today?",
        placeholder="A sentence or two. It is saved as you type.",
        style=WIDE, layout=widgets.Layout(width="100%", height="6rem"),
    )
    # written when asked for, as every app's record is: no page load or keystroke pays for a Word file
    downloads = record_panel(page, lambda: (start_record(page, aims.value), None), "svkit-start",
                             "your resume code and aims", label="Prepare my record")
    glossary = widgets.HTML(glossary_html())

    def refresh(*_) -> None:
        who.value = identity_html(page)
        kit_map.value = map_html(page)
        survey.value = evaluation_html(page)
        downloads.stale()

    join = build_join_panel(page, refresh)
    resume_panel = build_resume_panel(page)
    # the visitor: in a pooled kernel, the request is read here
    who.value, resume.value = identity_html(page), resume_html(page)
    kit_map.value, survey.value = map_html(page), evaluation_html(page)
    join.restore()
    page.bind(aims, "aims")
    page.on_identity_change(refresh)
    aims.observe(lambda _change: downloads.stale(), names="value")
    return page.app(
        who,
        join,
        resume,
        resume_panel,
        widgets.HTML("<h2>Your aims</h2>"),
        aims,
        downloads,
        survey,
        kit_map,
        glossary,
    )
