"""Named lines of work (条线) and the lines that ask for the same data (seed point S3).

Seed 000 names the overlaps:

    "社区各口工作中出现重复现象,职能相同 ... 民政方面的助学、临时救助、最低生活保障、
    大病救助等都已包括而且政策涉及到了所有的困难群体,与工会很多工作重叠;社区工作人员中
    团员甚少,社区内的团员也多在学校,由学校的团组织管理,社区内团员不多,但仍需居干承担
    此项工作;... 社区人口与计划生育工作中已涵括妇女工作,妇女工作不应该再单独提出来增加
    社区工作量;创全国文明城市工作涉及方方面面,与很多口的工作交叉"

    (Work of the various lines repeats itself with the same functions: civil-affairs aid
    — school grants, temporary relief, minimum living allowance, serious-illness aid —
    already covers every needy group and overlaps much of the trade union's work; there
    are very few youth-league members in the community — they are mostly in schools and
    managed by the schools' league organisations — yet cadres still carry this work;
    population and family-planning work already includes women's work, which should not
    be raised again as a separate load; the national civilised-city campaign touches
    everything and crosses many lines.)

:data:`LINES` is the table of district departments, in the order ``departments.count``
takes them (the first ``count`` lines exist). :data:`OVERLAPS` names the overlapping
pairs: when one line of a pair issues a task, the other line asks the committee for the
same data with probability ``departments.overlap.<pair>.probability``, at
``departments.overlap.<pair>.effort`` of the original's hours (re-entering the same
facts in another line's form). The seeds name the pairs, not the rates: the default
rates are assumptions, chosen so that the district-wide volume of repeated requests stays
near the flat 15 % of all tasks that the model used before the lines had names.
"""

from __future__ import annotations

from typing import NamedTuple

from commsim.core.parameters import SCHEMA, Param


class Line(NamedTuple):
    """One district department (a line of work that reaches the committee)."""

    name: str
    zh: str
    source: str


#: District departments in the order ``departments.count`` takes them.
LINES: tuple[Line, ...] = (
    Line("civil_affairs", "民政", "S2, S3, S11"),
    Line("public_security", "公安", "S2 (drug-rehabilitation supervision)"),
    Line("health", "卫生", "S2"),
    Line("social_security", "劳动和社会保障", "S2 (pension, medical insurance)"),
    Line("family_planning", "人口与计划生育", "S3"),
    Line("sanitation", "环卫", "S2 (street cleaning)"),
    Line("statistics", "统计", "S4"),
    Line("culture", "文化", "domain.md"),
    Line("trade_union", "工会", "S3"),
    Line("youth_league", "共青团", "S3"),
    Line("womens_federation", "妇联", "S3"),
    Line("civilised_city", "创文办", "S3 (civilised-city campaign)"),
    Line("animal_epidemic", "动物防疫", "S2"),
    Line("education", "教育 (学校团组织)", "S3 (league members are in schools)"),
    Line("housing", "住房", "S14 (low-rent flats)"),
    Line("emergency_management", "应急管理", "assumption"),
    Line("market_supervision", "市场监管", "assumption"),
    Line("veterans_affairs", "退役军人事务", "S9 (军转干部)"),
    Line("disability_federation", "残联", "S9 (残协委员), S14"),
    Line("justice", "司法", "S12"),
    Line("urban_management", "城管", "S2"),
)
#: Line names in table order.
LINE_NAMES: tuple[str, ...] = tuple(line.name for line in LINES)


class Overlap(NamedTuple):
    """A named group of lines that ask for the same data (S3)."""

    key: str
    first: str
    others: tuple[str, ...]
    probability: float
    effort: float
    source: str


#: Overlapping lines: ``first`` overlaps each of ``others`` (both directions).
OVERLAPS: tuple[Overlap, ...] = (
    Overlap("aid", "civil_affairs", ("trade_union",), 0.3, 0.6,
            "S3 (民政救助 与工会很多工作重叠)"),
    Overlap("women", "family_planning", ("womens_federation",), 0.4, 0.6,
            "S3 (计划生育工作中已涵括妇女工作)"),
    Overlap("youth", "youth_league", ("education",), 0.2, 0.6,
            "S3 (团员甚少 ... 由学校的团组织管理)"),
    Overlap("civilised_city", "civilised_city", ("sanitation", "culture", "health"), 0.1, 0.6,
            "S3 (创文 与很多口的工作交叉)"),
)


def _declare() -> list[Param]:
    params = []
    for o in OVERLAPS:
        pair = " / ".join((o.first, *o.others))
        params += [
            Param(f"departments.overlap.{o.key}.probability", o.probability, "probability", 0, 1,
                  f"{o.source}; rate: assumption",
                  f"Chance a task of one of {pair} brings the overlapping line's request "
                  "for the same data."),
            Param(f"departments.overlap.{o.key}.effort", o.effort, "share", 0, 1,
                  f"{o.source}; assumption",
                  f"Hours of the repeated request ({pair}) relative to the original."),
        ]
    return params


SCHEMA.register(*_declare())


def line_name(index: int) -> str:
    """Name of department ``index`` (beyond the table: ``<name>_<k>`` repeats)."""
    base = LINE_NAMES[index % len(LINE_NAMES)]
    return base if index < len(LINE_NAMES) else f"{base}_{index // len(LINE_NAMES) + 1}"


def partners(names: list[str], params: object) -> list[list[tuple[int, float, float]]]:
    """For each department, the overlapping departments with probability and effort.

    Parameters
    ----------
    names : list of str
        Names of the district's departments, in index order.
    params : Params
        Reads ``departments.overlap.*``.

    Returns
    -------
    list of list of (int, float, float)
        ``partners[d]`` lists ``(other index, probability, effort)``; pairs whose lines
        are not among the district's departments are left out.

    Examples
    --------
    >>> from commsim.core.parameters import Params
    >>> p = partners(["civil_affairs", "health", "trade_union"], Params.defaults())
    >>> p[0], p[1], p[2]
    ([(2, 0.3, 0.6)], [], [(0, 0.3, 0.6)])

    """
    index = {name: i for i, name in enumerate(names)}
    table: list[list[tuple[int, float, float]]] = [[] for _ in names]
    for o in OVERLAPS:
        prob = float(params[f"departments.overlap.{o.key}.probability"])  # type: ignore[index]
        effort = float(params[f"departments.overlap.{o.key}.effort"])  # type: ignore[index]
        if o.first not in index:
            continue
        a = index[o.first]
        for other in o.others:
            if other in index:
                b = index[other]
                table[a].append((b, prob, effort))
                table[b].append((a, prob, effort))
    return table
