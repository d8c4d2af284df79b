"""`make screenshots`: a PNG of each lesson's first screen, for the README.

    python -m tests.screenshots docs/img

Not part of `make test`, so tests never change tracked files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.apps import LESSON_PATHS
from tests.harness import launch_browser, open_app, start_kit


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/img")
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    kit = start_kit()
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            for app_path in LESSON_PATHS:
                page = browser.new_page(viewport={"width": 1100, "height": 800})
                open_app(page, kit.url(app_path))
                page.wait_for_timeout(500)
                target = out / f"{Path(app_path).stem}.png"
                page.screenshot(path=str(target))
                print(f"wrote {target}")
                page.close()
            browser.close()
    finally:
        kit.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
