"""District departments: where the work comes from (seed points S2, S3, S4).

Each department has a catalogue of item types — statutory community duties
(about a third; Beijing c. 2018: 53 of 162) and assisting items it shifts down
(S2) — and issues tasks of several kinds with work-hour and deadline
distributions: data reports, forms, ledgers (台账), meetings, field visits and
surveys, supervision duties. Some are due the same day ("a phone call in the
morning, due in the afternoon", S4); the named overlapping lines of
:mod:`commsim.model.overlapping_lines` ask again for the same data (S3); campaigns before
inspections multiply ledgers and forms (S6).

A department's name, weight and catalogue belong to the district's structure
(:mod:`commsim.model.structure`, drawn from ``run.structure_seed``). Its daily tasks
are drawn only from the ``departments`` stream, and the same potential tasks are
drawn in every scenario: policies act on them afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np

from commsim.core.schema import KIND_NAMES, REGULAR_KINDS
from commsim.model.compiled import compiled
from commsim.model.overlapping_lines import LINE_NAMES, line_name

if TYPE_CHECKING:
    from commsim.model.community_model import CommunityModel

#: Department names used for labels, in index order (the table in
#: :mod:`commsim.model.overlapping_lines`).
DEPARTMENT_NAMES: tuple[str, ...] = LINE_NAMES
#: Kinds whose volume campaigns multiply (S6).
SURGE_KINDS: tuple[str, ...] = ("ledger", "form")


class Department(mesa.Agent):
    """A district department that sends tasks to every community.

    Each department keeps a catalogue of item types (事项): a kind of task and
    whether it is a statutory community duty (Beijing c. 2018: 53 of 162 item
    types statutory; Hongkou 2014: 146 assigned task types a year).

    Parameters
    ----------
    model : CommunityModel
        The model.
    index : int
        Department number.
    weight : float
        Share of the district's department work this department issues.
    statutory_share : float
        Expected share of this department's item types that are statutory.
    rng : numpy.random.Generator
        The structure stream (draws the catalogue).
    partners : list of (int, float, float), optional
        Overlapping departments: ``(index, probability, effort)`` (S3).

    """

    def __init__(
        self, model: CommunityModel, index: int, weight: float, statutory_share: float,
        rng: np.random.Generator, partners: list[tuple[int, float, float]] | None = None,
    ) -> None:
        super().__init__(model)
        self.index = index
        self.name = line_name(index)
        self.partners = list(partners or [])
        self.weight = weight
        p = model.params
        n_items = int(p["departments.items_per_department"])
        mix = np.array([p[f"tasks.{k}.share"] for k in REGULAR_KINDS], dtype=float)
        mix = mix / mix.sum() if mix.sum() > 0 else np.full(len(mix), 1 / len(mix))
        regular = regular_kind_index()
        #: Catalogue: kind (index into KIND_NAMES), statutory flag and relative frequency.
        self.item_kind = regular[rng.choice(len(mix), size=n_items, p=mix)]
        self.item_statutory = rng.random(n_items) < statutory_share
        self.item_weight = rng.dirichlet(np.full(n_items, 2.0))
        surge = float(p["inspections.surge_multiplier"])
        surging = np.isin(self.item_kind, [KIND_NAMES.index(k) for k in SURGE_KINDS])
        self._rate = {False: weight * self.item_weight,
                      True: weight * self.item_weight * np.where(surging, surge, 1.0)}
        self.issued = 0
        empty = np.zeros(0, dtype=np.int64)
        self._no_tasks = {"community": empty, "kind": self.item_kind[empty],
                          "statutory": self.item_statutory[empty], "urgent": np.zeros(0),
                          "overlap": np.zeros((0, len(self.partners))),
                          "hours_z": np.zeros(0)}

    def issue(
        self, base: np.ndarray, campaign: bool, rng: np.random.Generator
    ) -> dict[str, np.ndarray]:
        """Draw today's potential tasks for all communities in bulk.

        Parameters
        ----------
        base : numpy.ndarray, shape (communities,)
            Expected department tasks per community today, for the whole district
            (zero on rest days); this department issues its ``weight`` of them.
        campaign : bool
            Inspection campaign: ledger and form items multiply (S6).
        rng : numpy.random.Generator
            The departments' stream.

        Returns
        -------
        dict of numpy.ndarray
            Columns ``community``, ``kind`` (index into KIND_NAMES),
            ``statutory``, ``urgent`` (uniform compared later with its share),
            ``overlap`` (shape ``(n, len(partners))``: uniforms compared with each
            overlapping line's probability, S3), ``hours_z`` (standard normal for
            the lognormal hours), one entry per task.

        """
        if not base.any():  # a rest day: Poisson draws with zero means take nothing
            return dict(self._no_tasks)
        counts = rng.poisson(base[:, None] * self._rate[campaign][None, :])
        # one task per count, community by community and item by item
        community, item = np.divmod(np.repeat(np.arange(counts.size), counts.ravel()),
                                    counts.shape[1])
        n = len(community)
        u = rng.random((n, 1 + len(self.partners)))
        self.issued += n
        return {
            "community": community,
            "kind": self.item_kind[item],
            "statutory": self.item_statutory[item],
            "urgent": u[:, 0],
            "overlap": u[:, 1:],
            "hours_z": rng.standard_normal(n),
        }


@dataclass(frozen=True)
class DepartmentDraws:
    """The day's potential tasks of every department, department after department.

    The columns of :meth:`Department.issue`, the departments' batches one after
    another; ``uniforms`` holds, task by task, the ``urgent`` uniform and then the
    ``overlap`` uniforms of that task's department (``widths``: one plus its number of
    overlapping lines).
    """

    counts: list[int]  #: tasks per department
    widths: list[int]  #: uniforms per task, per department
    community: np.ndarray
    kind: np.ndarray
    statutory: np.ndarray
    hours_z: np.ndarray
    uniforms: np.ndarray

    @classmethod
    def none(cls, departments: Sequence[Department]) -> DepartmentDraws:
        """No tasks from ``departments``: what :meth:`Department.issue` draws on a rest day."""
        empty = np.zeros(0, dtype=np.int64)
        return cls([0] * len(departments), [1 + len(d.partners) for d in departments], empty,
                   departments[0].item_kind[empty] if departments else empty,
                   np.zeros(0, dtype=bool), np.zeros(0), np.zeros(0))

    @classmethod
    def from_batches(cls, departments: Sequence[Department],
                     batches: Sequence[dict[str, np.ndarray]]) -> DepartmentDraws:
        """The draws of ``batches``, one :meth:`Department.issue` result per department."""
        widths = [1 + len(d.partners) for d in departments]
        def column(key: str) -> np.ndarray:
            return np.concatenate([b[key] for b in batches])

        rows = [np.column_stack((b["urgent"], b["overlap"])).ravel() for b in batches]
        return cls([len(b["kind"]) for b in batches], widths, column("community"),
                   column("kind"), column("statutory"), column("hours_z"), np.concatenate(rows))


@dataclass(frozen=True)
class Catalogues:
    """The departments' catalogues stacked for :func:`draw_departments` (fixed in a run)."""

    rates: dict[bool, np.ndarray]  #: per campaign flag: item rates, one row per department
    widths: np.ndarray  #: uniforms per task: one plus the number of overlapping lines
    kind: np.ndarray  #: item kinds, one row per department
    statutory: np.ndarray  #: item statutory flags, one row per department

    @classmethod
    def of(cls, departments: Sequence[Department]) -> Catalogues:
        """Stack the catalogues of ``departments`` (one family: equal numbers of items)."""
        return cls({flag: np.stack([d._rate[flag] for d in departments])  # noqa: SLF001
                    for flag in (False, True)},
                   np.array([1 + len(d.partners) for d in departments], dtype=np.int64),
                   np.stack([d.item_kind for d in departments]),
                   np.stack([d.item_statutory for d in departments]))


def issue_all(departments: Sequence[Department], base: np.ndarray, campaign: bool,
              rng: np.random.Generator,
              catalogues: Callable[[], Catalogues] | None = None) -> DepartmentDraws:
    """The draws of ``[d.issue(base, campaign, rng) for d in departments]``, made in one call.

    Where Numba is installed and every department draws as :meth:`Department.issue`
    does (no subclass redefines it), the draws of all departments run in one compiled
    call of :func:`draw_departments` — the same draws from the same stream in the same
    order, so the same tasks (``tests/property/test_department_draws.py``) — and come
    back as whole columns, not split by department. ``catalogues()`` returns the
    departments' :class:`Catalogues`, asked for only when the compiled draw runs (the
    pipeline stacks them once a run; without it they are stacked here).
    """
    own_draws = any(type(d).issue is not Department.issue for d in departments)
    if not own_draws and not base.any():  # a rest day: nothing is drawn, nothing issued
        return DepartmentDraws.none(departments)
    kernel = compiled(draw_departments)
    if kernel is None or own_draws:
        return DepartmentDraws.from_batches(
            departments, [d.issue(base, campaign, rng) for d in departments])
    # one family of departments: the kernel reads their catalogues as stacked arrays
    stacked = catalogues() if catalogues is not None else Catalogues.of(departments)
    counts, community, item, u, z = kernel(rng, base, stacked.rates[campaign], stacked.widths)
    counts = counts.tolist()
    for dept, n in zip(departments, counts, strict=True):
        dept.issued += n
    owner = np.repeat(np.arange(len(departments)), counts)
    return DepartmentDraws(counts, stacked.widths.tolist(), community,
                           stacked.kind[owner, item], stacked.statutory[owner, item], z, u)


def draw_departments(rng: np.random.Generator, base: np.ndarray, rates: np.ndarray,
                     widths: np.ndarray) -> tuple[Any, ...]:
    """The draws of :meth:`Department.issue` for every department, as loops (compiled).

    Department ``d`` draws a Poisson count for each community and item (mean
    ``base[c] * rates[d, i]``, community by community), then ``widths[d]`` uniforms per
    task, then a standard normal per task — the order in which ``Generator.poisson``,
    ``random`` and ``standard_normal`` consume the stream on whole arrays.

    Returns
    -------
    tuple of numpy.ndarray
        Tasks per department, then per task its community and item, the uniforms
        (``widths[d]`` per task, task by task) and the normals.

    """
    n_dept, n_items = rates.shape
    counts = np.zeros(n_dept, dtype=np.int64)
    community = [0 for _ in range(0)]  # typed empty lists (Numba infers their types)
    item = [0 for _ in range(0)]
    u = [0.0 for _ in range(0)]
    z = [0.0 for _ in range(0)]
    for d in range(n_dept):
        n = 0
        for c in range(len(base)):
            for i in range(n_items):
                k = rng.poisson(base[c] * rates[d, i])
                for _ in range(k):
                    community.append(c)
                    item.append(i)
                n += k
        counts[d] = n
        for _ in range(n * widths[d]):
            u.append(rng.random())
        for _ in range(n):
            z.append(rng.standard_normal())
    return (counts, np.array(community, dtype=np.int64), np.array(item, dtype=np.int64),
            np.array(u, dtype=np.float64), np.array(z, dtype=np.float64))


def regular_kind_index() -> np.ndarray:
    """Positions of the regular department kinds in KIND_NAMES."""
    return np.array([KIND_NAMES.index(k) for k in REGULAR_KINDS])
