"""Checking the values of a district file: every bad value collected, reported at once.

A :class:`Checker` walks every row; each bad value becomes a :class:`Problem` (row,
column as the planner's file names it, value, what is allowed, in the chosen language).
:meth:`Checker.error` turns them into one line naming all of them (the first
:data:`SHOWN_PROBLEMS`, then a count).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from commsim.core.errors import InputError
from commsim.inputs.district_columns import (
    COLUMNS,
    FALSE,
    KINDS,
    LIMITS,
    NEED_COLUMNS,
    REQUIRED,
    TRUE,
)
from commsim.inputs.district_words import number_text, say

#: Most problems named in one error line (the rest are counted).
SHOWN_PROBLEMS = 12
#: Columns holding a share 0-1 (``28%`` is read as 0.28).
SHARE_COLUMNS: tuple[str, ...] = (*NEED_COLUMNS, "task_share", "statutory_share")
_KIND_WORDS = {**{k: k for k in KINDS}, **{zh: en for en, zh in KINDS.items()},
               "城市": "urban", "城镇": "town", "农村": "village", "村委会": "village"}


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad value of a district file."""

    row: int
    column: str
    value: str
    allowed: str


@dataclass(slots=True)
class Checker:
    """Collects every bad value of one file, in the language of the reader."""

    source: str
    lang: str = "en"
    problems: list[Problem] = field(default_factory=list)

    def column_name(self, column: str) -> str:
        """A column as the reader's language heads it (``干部职数`` under zh)."""
        if self.lang == "zh" and column in COLUMNS:
            return COLUMNS[column][0]
        return column

    def fail(self, row: int, column: str, value: object, allowed: str) -> None:
        """Record one bad value."""
        self.problems.append(Problem(row, self.column_name(column), str(value), allowed))

    def number(self, raw: str, row: int, column: str) -> float | None:
        """A numeric cell within its column's limits (``None`` after recording a problem)."""
        low, high, integer = LIMITS[column]
        text = str(raw).replace(",", "").replace("\uff0c", "").strip()
        share = column in SHARE_COLUMNS
        percent = share and text.endswith(("%", "\uff05"))
        if percent:
            text = text[:-1].strip()
        kind = "share" if share else "integer" if integer else "number"
        allowed = say(kind, self.lang, low=number_text(low), high=number_text(high))
        try:
            value = float(text) / 100 if percent else float(text)
        except ValueError:
            self.fail(row, column, raw, allowed)
            return None
        if share and not percent and math.isfinite(value) and 1 < value <= 100:
            allowed = say("percent_hint", self.lang, hint=f"{value / 100:g}",
                          percent=f"{value:g}")
        if not math.isfinite(value) or not low <= value <= high or (
                integer and value != int(value)):
            self.fail(row, column, raw, allowed)
            return None
        return value

    def kind(self, raw: str, row: int) -> str | None:
        """``urban``, ``town`` or ``village`` from an English or Chinese kind word."""
        kind = _KIND_WORDS.get(raw.strip(), _KIND_WORDS.get(raw.strip().lower()))
        if kind is None:
            self.fail(row, "kind", raw, say("kind", self.lang))
        return kind

    def flag(self, raw: str, row: int, column: str) -> bool:
        """A yes/no cell."""
        text = raw.strip().lower()
        if text not in TRUE | FALSE:
            self.fail(row, column, raw, say("flag", self.lang))
        return text in TRUE

    def required(self, cells: Mapping[str, str], row: int) -> bool:
        """Whether every required column has a value (recording those that do not)."""
        ok = True
        for column in REQUIRED:
            if not cells.get(column, "").strip():
                self.fail(row, column, "", say("required", self.lang))
                ok = False
        return ok

    def error(self) -> InputError | None:
        """One :class:`InputError` naming every problem (``None`` if there is none)."""
        if not self.problems:
            return None
        if len(self.problems) == 1:
            p = self.problems[0]
            message = say("one", self.lang, row=p.row, column=p.column, value=p.value,
                          allowed=p.allowed, source=self.source)
        else:
            shown = self.problems[:SHOWN_PROBLEMS]
            more = len(self.problems) - len(shown)
            listed = say("problems", self.lang).join(
                say("problem", self.lang, row=p.row, column=p.column, value=p.value,
                    allowed=p.allowed) for p in shown)
            message = say("many", self.lang, n=len(self.problems), problems=listed,
                          more=say("more", self.lang, n=more) if more else "",
                          source=self.source)
        error = InputError(message)
        error.source = self.source
        return error
