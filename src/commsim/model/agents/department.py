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

from collections.abc import Sequence
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


def issue_all(departments: Sequence[Department], base: np.ndarray, campaign: bool,
              rng: np.random.Generator) -> list[dict[str, np.ndarray]]:
    """``[d.issue(base, campaign, rng) for d in departments]``, the draws made in one call.

    Where Numba is installed and every department draws as :meth:`Department.issue`
    does (no subclass redefines it), the draws of all departments run in one compiled
    call of :func:`draw_departments` — the same draws from the same stream in the same
    order, so the same tasks (``tests/property/test_department_draws.py``).
    """
    kernel = compiled(draw_departments)
    if kernel is None or not base.any() or any(
            type(d).issue is not Department.issue for d in departments):
        return [d.issue(base, campaign, rng) for d in departments]
    rates = np.stack([d._rate[campaign] for d in departments])  # noqa: SLF001 (one family)
    widths = np.array([1 + len(d.partners) for d in departments], dtype=np.int64)
    counts, community, item, u, z = kernel(rng, base, rates, widths)
    community, item = np.asarray(community, dtype=np.int64), np.asarray(item, dtype=np.int64)
    u, z = np.asarray(u, dtype=np.float64), np.asarray(z, dtype=np.float64)
    batches = []
    task = row = 0
    for dept, n, width in zip(departments, counts.tolist(), widths.tolist(), strict=True):
        if n == 0:
            batches.append(dict(dept._no_tasks))  # noqa: SLF001
            continue
        items = item[task:task + n]
        rows = u[row:row + n * width].reshape(n, width)
        dept.issued += n
        batches.append({"community": community[task:task + n], "kind": dept.item_kind[items],
                        "statutory": dept.item_statutory[items], "urgent": rows[:, 0],
                        "overlap": rows[:, 1:], "hours_z": z[task:task + n]})
        task += n
        row += n * width
    return batches


def draw_departments(rng: np.random.Generator, base: np.ndarray, rates: np.ndarray,
                     widths: np.ndarray) -> tuple[Any, ...]:
    """The draws of :meth:`Department.issue` for every department, as loops (compiled).

    Department ``d`` draws a Poisson count for each community and item (mean
    ``base[c] * rates[d, i]``, community by community), then ``widths[d]`` uniforms per
    task, then a standard normal per task — the order in which ``Generator.poisson``,
    ``random`` and ``standard_normal`` consume the stream on whole arrays.

    Returns
    -------
    tuple
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
    return counts, community, item, u, z


def regular_kind_index() -> np.ndarray:
    """Positions of the regular department kinds in KIND_NAMES."""
    return np.array([KIND_NAMES.index(k) for k in REGULAR_KINDS])
