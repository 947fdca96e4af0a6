"""The command line starts fast: ``--help`` and ``scenarios`` import no heavy library.

Checked with ``python -X importtime`` in a fresh interpreter (what a user's shell
pays), not with a timing, so the test fails only when an import sneaks back in.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import commsim

HEAVY = ("mesa", "pandas", "scipy", "numpy", "plotly", "pyarrow", "simpy", "tqdm",
         "commsim.model", "commsim.run.runner", "commsim.experiments", "commsim.report")


def _imported(*args: str, module: str = "commsim.cli",
              ) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """Modules a fresh ``python -X importtime -m MODULE ARGS`` imported."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", module, *args],
                          capture_output=True, text=True, timeout=120)
    modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines()
               if line.startswith("import time:")}
    return modules, done


@pytest.mark.parametrize("argv", [["--help"], ["scenarios"], ["scenarios", "--json"],
                                  ["run", "--help"], ["compare", "--help"], ["sweep", "--help"],
                                  ["report", "--help"], ["app", "--help"]])
def test_help_and_scenarios_import_nothing_heavy(argv: list[str]) -> None:
    modules, done = _imported(*argv)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "commsim.cli" in modules, "importtime output was not parsed"
    heavy = sorted(m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY
                   or any(m.startswith(h + ".") for h in HEAVY))
    assert heavy == [], f"commsim {' '.join(argv)} imported {heavy[:10]}"


def test_python_m_commsim_is_the_commsim_command(capsys: pytest.CaptureFixture[str]) -> None:
    from commsim.cli import main

    modules, done = _imported("--help", module="commsim")
    assert done.returncode == 0 and "usage: commsim" in done.stdout
    assert not any(m.split(".")[0] in HEAVY for m in modules)  # as light as commsim --help
    argv = ["run", "baseline", "--days", "3", "--communities", "1", "--seed", "4",
            "--set", "run.warmup_days=0", "--json", "--no-progress"]
    done = subprocess.run([sys.executable, "-m", "commsim", *argv], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert main(argv) == 0
    assert json.loads(done.stdout) == json.loads(capsys.readouterr().out)
    bad = subprocess.run([sys.executable, "-m", "commsim", "run", "no_such_scenario"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("commsim: error:")
    assert "Traceback" not in bad.stderr


def test_scenarios_without_the_model_lists_the_same_as_the_validated_list() -> None:
    modules, done = _imported("scenarios", "--json")
    listed = json.loads(done.stdout)
    full = commsim.list_scenarios()
    assert [(s["name"], s["description"], s["policies"]) for s in listed] == [
        (s.name, s.description, list(s.policies)) for s in full]


def test_import_commsim_is_lazy_but_keeps_every_public_name() -> None:
    code = ("import sys, commsim; heavy = [m for m in ('mesa', 'pandas', 'scipy', 'numpy') "
            "if m in sys.modules]; print(heavy)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
    for name in commsim.__all__:
        assert getattr(commsim, name) is not None
    assert set(commsim.__all__) <= set(dir(commsim))
    assert commsim.SCHEMA["run.days"].default == 365
    assert "admission_gate" in commsim.policies.available()
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        commsim.nope  # noqa: B018


def test_metric_registry_is_complete_without_importing_the_model_first() -> None:
    code = ("from commsim.core.metrics import METRICS; "
            "print(len(METRICS.summaries()), len(METRICS.series()), "
            "'gate_leaked_tasks' in METRICS)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    from commsim.core.metrics import METRICS

    def builtin(metrics: list) -> int:  # plugins loaded by earlier tests do not count
        return sum(1 for m in metrics if m.compute is not None
                   and m.compute.__module__.split(".")[0] == "commsim")

    expected = f"{builtin(METRICS.summaries())} {builtin(METRICS.series())} True"
    assert done.stdout.strip() == expected, done.stdout + done.stderr


def test_parameter_schema_is_complete_without_importing_the_model_first(tmp_path) -> None:
    # mechanism modules of the model core declare parameters too (e.g. staffing.max_posts)
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "s"\npolicies = ["no_gate"]\n[params]\n'
                        '"staffing.max_posts" = 9\n')
    code = ("import sys, commsim; "
            f"s = commsim.load_scenario({str(scenario)!r}); "
            "print(s.params()['staffing.max_posts'])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.strip() == "9", done.stdout + done.stderr
