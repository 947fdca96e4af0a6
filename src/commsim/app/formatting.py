"""Numbers as the dashboard shows them: money in yuan and 万元, never scientific notation."""

from __future__ import annotations

import math

#: 1 万 (wan) = 10,000; Chinese budgets are counted in 万元.
WAN = 10_000


def is_money(unit: str) -> bool:
    """Whether a unit is an amount of money (yuan, 元, ¥)."""
    text = unit.lower()
    return "yuan" in text or "元" in text or "¥" in text


def yuan(value: float) -> str:
    """An amount in yuan with thousands separators: ``¥1,234,567`` (``¥12.50`` below 100).

    Examples
    --------
    >>> yuan(1234567.4)
    '¥1,234,567'
    >>> yuan(-2500)
    '−¥2,500'

    """
    if not math.isfinite(value):
        return "–"
    sign = "−" if value < 0 else ""
    amount = abs(value)
    text = f"{amount:,.2f}" if 0 < amount < 100 else f"{amount:,.0f}"
    return f"{sign}¥{text}"


def wan_yuan(value: float) -> str:
    """An amount in 万元 (tens of thousands of yuan): ``123.46万元``.

    Examples
    --------
    >>> wan_yuan(1234567)
    '123.46万元'

    """
    if not math.isfinite(value):
        return "–"
    return f"{value / WAN:,.2f}万元".replace("-", "−")


def money(value: float) -> str:
    """Yuan with separators, and 万元 as well from 10,000 on: ``¥1,234,567 (123.46万元)``."""
    if math.isfinite(value) and abs(value) >= WAN:
        return f"{yuan(value)} ({wan_yuan(value)})"
    return yuan(value)


def number(value: float, unit: str = "") -> str:
    """A value in its unit, fixed-point with separators (money through :func:`money`).

    Decimals shrink as the value grows (three below 1, none from 100 on); counts in
    whole units are shown without decimals.

    Examples
    --------
    >>> number(0.61234, "share")
    '0.612'
    >>> number(1234567.0, "h")
    '1,234,567'

    """
    if is_money(unit):
        return money(value)
    if not math.isfinite(value):
        return "–"
    size = abs(value)
    decimals = 0 if size >= 100 or (unit == "count" and float(value).is_integer()) \
        else 1 if size >= 10 else 2 if size >= 1 else 3
    return f"{value:,.{decimals}f}".replace("-", "−")


def signed(value: float, unit: str = "") -> str:
    """Like :func:`number` with an explicit sign (``+1.25``, ``−¥2,500``)."""
    text = number(value, unit)
    return text if text.startswith("−") or text == "–" or value == 0 else f"+{text}"
