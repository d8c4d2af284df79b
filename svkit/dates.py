"""Dates typed by participants: say plainly when a well-formed date does not exist (31/02/2026)."""

from __future__ import annotations

import calendar
import re

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def impossible(text: str) -> str | None:
    """A plain message when a typed date does not exist, such as 31/02/2026.

    Parameters
    ----------
    text : str
        What the participant typed; a date is DD/MM/YYYY or YYYY-MM-DD.

    Returns
    -------
    str or None
        The message when ``text`` is written as a date that does not exist; None when it is not
        written as a date at all, or the date exists.

    Examples
    --------
    >>> impossible("31/02/2026")
    "'31/02/2026' is not a real date: February 2026 has 28 days. Check the day and the month."
    >>> impossible("2028-02-29") is None  # 2028 is a leap year
    True
    >>> impossible("2026-13-01")
    "'2026-13-01' is not a real date: there is no month 13."
    >>> impossible("next Tuesday") is None
    True
    """
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
