"""Dates typed by participants: say plainly when a well-formed date does not exist (31/02/2026)."""

from __future__ import annotations

import calendar
import re

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def impossible(text: str) -> str | None:
    """A plain message when ``text`` is written as a date (DD/MM/YYYY or YYYY-MM-DD) that does not
    exist, such as 31/02/2026; None when it is not written as a date at all, or the date exists."""
    text = text.strip()
    if m := _DMY.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := _ISO.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        return None
    if not 1 <= month <= 12:
        return f"'{text}' is not a real date: there is no month {month}."
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (f"'{text}' is not a real date: {calendar.month_name[month]} {year} has {last} days. "
                "Check the day and the month.")
    return None
