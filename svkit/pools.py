"""Ask a running ``svkit serve`` to warm an app's kernel pool, or how warm it is.

This is the hook behind 'send the room on': before participants are told to open an app, its
pool is grown to the room's size so they meet warm kernels. The server only takes such a
request from the trainer: with the key it wrote at start to a file only its user can read
(``svkit room warm`` on the same machine), or with a workshop's trainer key (the console).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path


class PoolError(Exception):
    """The server could not be asked, or refused; the message is one plain line."""


def server_url() -> str:
    """The address of the server this kernel was started by (or the default one)."""
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    return f"http://{host}:{port}"


def server_key(port: int) -> str:
    """The key ``svkit serve`` wrote for this user's own commands."""
    from svkit.roomserver import trainer_secret_path

    path = trainer_secret_path(port)
    try:
        return Path(path).read_text().strip()
    except OSError as exc:
        raise PoolError(f"No svkit server of yours is running on port {port} on this machine.") from exc


def _call(method: str, base: str, key: str, body: dict | None = None, query: str = "") -> dict:
    url = f"{base}/svkit/api/pools{query}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {key}", "Content-Type": "application/json",
    })
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            reason = json.loads(exc.read()).get("error", "")
        except ValueError:
            reason = ""
        raise PoolError(reason or f"The server refused ({exc.code}).") from exc
    except (OSError, ValueError) as exc:
        raise PoolError(f"The server at {base} did not answer.") from exc


def request_warm(app_path: str, workshop: str | None = None, trainer_key: str | None = None,
                 size: int | None = None, base: str | None = None, seconds: float | None = None) -> dict:
    """Grow ``app_path``'s pool (``exercises/2-2-tender-lab.ipynb``) to ``size`` (the room's by
    default) for ``seconds`` (15 minutes by default), after which unused kernels are given back;
    returns its status: ``{"app", "ready", "starting", "target", "waiting", ...}``."""
    body = {"app": app_path, "workshop": workshop, "size": size}
    if seconds is not None:
        body["seconds"] = seconds
    return _call("POST", base or server_url(), trainer_key or "", body)


def warm_status(app_path: str, workshop: str | None = None, trainer_key: str | None = None,
                base: str | None = None) -> dict:
    """How warm ``app_path`` is now (the same shape as :func:`request_warm`'s answer)."""
    from urllib.parse import urlencode

    query = "?" + urlencode({k: v for k, v in {"app": app_path, "workshop": workshop}.items() if v})
    return _call("GET", base or server_url(), trainer_key or "", query=query)


def warming_line(status: dict) -> str:
    """'warming 2-2: 23 of 40 ready' for the trainer."""
    name = Path(status.get("app", "")).stem
    label = name.split("-", 2)
    short = "-".join(label[:2]) if len(label) >= 2 and label[0].isdigit() and label[1].isdigit() else name
    ready, target = status.get("ready", 0), status.get("target", 0)
    if target and ready >= target:
        return f"{short}: all {target} ready"
    return f"warming {short}: {ready} of {target} ready"
