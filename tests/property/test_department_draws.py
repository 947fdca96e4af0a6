"""Department draws: one compiled call draws what each department's ``issue`` draws.

:func:`commsim.model.agents.department.issue_all` draws every department's potential
tasks in one call of :func:`~commsim.model.agents.department.draw_departments` (compiled
by Numba where installed) and returns them as whole columns
(:class:`~commsim.model.agents.department.DepartmentDraws`); :meth:`Department.issue` is
the readable definition. From the same stream both must give the same tasks, leave the
stream in the same state, and the loops run as Python must give the same draws as numpy's
whole-array calls.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commsim.model import compiled as compiled_module
from commsim.model.agents.department import DepartmentDraws, draw_departments, issue_all
from conftest import build_model


def _numpy_draws(rng: np.random.Generator, base: np.ndarray, rates: np.ndarray,
                 widths: np.ndarray) -> tuple[list, ...]:
    """The draws as Department.issue makes them, department by department."""
    counts, community, item, u, z = [], [], [], [], []
    for d in range(len(rates)):
        k = rng.poisson(base[:, None] * rates[d][None, :])
        c, i = np.divmod(np.repeat(np.arange(k.size), k.ravel()), k.shape[1])
        counts.append(len(c))
        community += c.tolist()
        item += i.tolist()
        u += rng.random((len(c), int(widths[d]))).ravel().tolist()
        z += rng.standard_normal(len(c)).tolist()
    return counts, community, item, u, z


@settings(max_examples=60, deadline=None, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1), communities=st.integers(1, 6),
       departments=st.integers(1, 5), items=st.integers(1, 6),
       scale=st.sampled_from([0.05, 1.0, 15.0]))
def test_loops_draw_what_the_array_calls_draw(seed: int, communities: int, departments: int,
                                              items: int, scale: float) -> None:
    shape = np.random.default_rng(seed)
    base = shape.random(communities) * scale
    rates = shape.random((departments, items))
    widths = shape.integers(1, 4, departments)
    want = _numpy_draws(np.random.default_rng(seed + 1), base, rates, widths)
    kernels = [draw_departments]
    if compiled_module.compiled(draw_departments) is not None:
        kernels.append(compiled_module.compiled(draw_departments))
    for kernel in kernels:
        rng = np.random.default_rng(seed + 1)
        counts, community, item, u, z = kernel(rng, base, rates, widths)
        assert list(counts) == want[0]
        assert (list(community), list(item)) == (want[1], want[2])
        assert list(u) == want[3] and list(z) == want[4]


@pytest.mark.parametrize("campaign", [False, True])
def test_issue_all_equals_each_departments_issue(campaign: bool) -> None:
    model = build_model("baseline", seed=5)
    base = model.department_rate(int(np.flatnonzero(model.calendar.workday)[0]))
    first, second = np.random.default_rng(9), np.random.default_rng(9)
    by_one = [d.issue(base, campaign, first) for d in model.departments]
    issued = [d.issued for d in model.departments]
    together = issue_all(model.departments, base, campaign, second)
    assert [d.issued - i for d, i in zip(model.departments, issued, strict=True)] == [
        len(b["kind"]) for b in by_one] == together.counts
    assert sum(together.counts) > 0
    assert first.random() == second.random()  # the stream is left in the same state
    want = DepartmentDraws.from_batches(model.departments, by_one)
    assert want.counts == together.counts and want.widths == together.widths
    for key in ("community", "kind", "statutory", "hours_z", "uniforms"):
        got, expected = getattr(together, key), getattr(want, key)
        assert got.dtype.kind == expected.dtype.kind, key
        np.testing.assert_array_equal(got, expected)


def test_from_batches_keeps_each_tasks_uniforms_together() -> None:
    model = build_model("baseline", seed=5)
    base = model.department_rate(int(np.flatnonzero(model.calendar.workday)[0]))
    batches = [d.issue(base, False, np.random.default_rng(3)) for d in model.departments]
    draws = DepartmentDraws.from_batches(model.departments, batches)
    row = 0
    for batch, width in zip(batches, draws.widths, strict=True):
        for t in range(len(batch["kind"])):
            assert draws.uniforms[row] == batch["urgent"][t]
            assert draws.uniforms[row + 1:row + width].tolist() == batch["overlap"][t].tolist()
            row += width
    assert row == len(draws.uniforms)


def test_a_rest_day_draws_nothing_and_leaves_the_stream_alone() -> None:
    model = build_model("baseline", seed=5)
    base = np.zeros(model.n_communities)
    first, second = np.random.default_rng(9), np.random.default_rng(9)
    want = DepartmentDraws.from_batches(model.departments,
                                        [d.issue(base, False, first) for d in model.departments])
    got = issue_all(model.departments, base, False, second)
    assert got.counts == want.counts == [0] * len(model.departments)
    assert got.widths == want.widths
    for key in ("community", "kind", "statutory", "hours_z", "uniforms"):
        assert getattr(got, key).dtype == getattr(want, key).dtype, key
        assert len(getattr(got, key)) == 0
    assert first.random() == second.random()
