"""The apps the tests loop over: every notebook in notebooks/ and exercises/."""

from svkit.paths import app_notebooks, app_url_path

APP_NOTEBOOKS = app_notebooks()
APP_PATHS = [app_url_path(p) for p in APP_NOTEBOOKS]
LESSON_PATHS = [p for p in APP_PATHS if p.startswith("notebooks/")]
