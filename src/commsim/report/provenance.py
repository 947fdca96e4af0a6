"""The report's closing sections: the scenarios it compares and where its results came from."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from commsim.core.i18n import policy_name, value_name
from commsim.report.data import ResultsData
from commsim.report.style import active_language, esc, scenario_colors, scenario_label
from commsim.report.words import say

#: Provenance row names in Chinese.
ROW_NAMES_ZH: dict[str, str] = {
    "Results folder": "结果文件夹", "Experiment": "实验", "Name": "名称", "Description": "说明",
    "Status": "状态", "Git commit": "Git 提交", "Root seed": "根随机种子",
    "Random streams": "随机数流", "Started": "开始时间", "Finished": "结束时间",
    "Runs": "运行次数", "Failures": "失败", "Stopped because": "停止原因",
    "Wall time (s)": "耗时(秒)", "Host": "主机", "Versions": "软件版本", "Executor": "执行方式",
    "Design": "试验设计", "Run status": "运行状态", "Git": "Git", "Command": "命令",
    "Runs in table": "表中运行", "Compute time": "计算时间", "Report written": "报告生成时间",
}


#: Keys of the manifest's executor, design and run-status entries in Chinese.
KEYS_ZH: dict[str, str] = {
    "kind": "方式", "workers": "工作进程数", "levels": "水平数", "second_order": "二阶指数",
    "points": "设计点数", "trajectories": "轨迹数", "scheduler": "调度器", "ok": "成功",
    "failed": "失败", "timeout": "超时",
}


def _describe(data: ResultsData, scenario: str) -> tuple[str, str]:
    """Description and policies of a scenario, as the store's manifest records them."""
    manifest = data.manifest if isinstance(data.manifest, dict) else {}
    known = manifest.get("scenarios")
    if isinstance(known, dict) and isinstance(known.get(scenario), dict):
        item = known[scenario]
        zh = active_language() == "zh" and item.get("description_zh")
        return (str(item["description_zh"] if zh else item.get("description", "")),
                _policies(item.get("policies", [])))
    spec = manifest.get("spec")
    listed = spec.get("scenarios") if isinstance(spec, dict) else None
    for item in listed or []:
        if isinstance(item, dict) and item.get("name") == scenario:
            return str(item.get("description", "")), _policies(item.get("policies", []))
    return "", ""


def _policies(names: Any) -> str:
    """Policy names in the report's language, comma-separated."""
    return ", ".join(policy_name(str(p), active_language()) for p in names or [])


def _scalar(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return f"<pre>{esc(json.dumps(value, indent=2, sort_keys=True, default=str))}</pre>"
    return esc(value)


def provenance_html(data: ResultsData) -> str:
    """The provenance section: versions, commit, seed, dates, runs and failures.

    Parameters
    ----------
    data : ResultsData
        Loaded results (its manifest and runs table).

    Returns
    -------
    str
        HTML fragment (all data escaped).

    """
    from commsim.core.sharing import FULL, shareable, shareable_text

    m = data.manifest if isinstance(data.manifest, dict) else {}
    m = m if FULL.get() else shareable(m)  # no host or absolute path unless --provenance full
    folder = str(data.path) if FULL.get() else shareable_text(str(Path(data.path).resolve()))
    rows: list[tuple[str, str]] = [("Results folder", esc(folder))]
    labels = {"experiment": "Experiment", "name": "Name", "description": "Description",
              "status": "Status", "git_commit": "Git commit", "commit": "Git commit",
              "root_seed": "Root seed", "seed": "Root seed", "seeds": "Random streams",
              "started": "Started", "start": "Started", "ended": "Finished",
              "finished": "Finished", "end": "Finished", "runs": "Runs", "failures": "Failures",
              "stop_reason": "Stopped because", "sweep_wall_seconds": "Wall time (s)"}
    shown = {"run_wall_seconds", "scenarios"}
    seen_labels = set()
    lang = active_language()
    for key, label in labels.items():
        if key in m and not isinstance(m[key], (dict, list)) and label not in seen_labels:
            value = m[key]
            if isinstance(value, float):
                value = f"{value:,.1f}"
            rows.append((label, esc(value_name(value, lang))))
            seen_labels.add(label)
        shown.add(key)
    for key, label in (("host", "Host"), ("versions", "Versions"), ("executor", "Executor"),
                       ("design", "Design"), ("status_counts", "Run status"), ("git", "Git")):
        value = m.get(key)
        if isinstance(value, dict):
            named = key in ("executor", "design", "status_counts")  # our words, not names
            text = ", ".join(f"{KEYS_ZH.get(k, k) if named and lang == 'zh' else k}: "
                             f"{value_name(v, lang) if named else v}"
                             for k, v in value.items()
                             if v is not None and not isinstance(v, (dict, list)))
            rows.append((label, esc(text)))
            shown.add(key)
    if isinstance(m.get("command"), list):
        rows.append(("Command", f"<code>{esc(' '.join(map(str, m['command'])))}</code>"))
        shown.add("command")
    runs = data.runs
    status = runs["status"].value_counts().to_dict() if "status" in runs else {"ok": len(runs)}
    rows.append(("Runs in table", esc(", ".join(say("prov.runs", n=v, status=value_name(k, lang))
                                                for k, v in status.items()))))
    if "wall_seconds" in runs:
        rows.append(("Compute time", esc(say("prov.compute", seconds=runs["wall_seconds"].sum(),
                                             n=len(runs)))))
    rows.append(("Report written",
                 esc(dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))))
    zh = active_language() == "zh"
    body = "".join(f"<tr><th>{esc(ROW_NAMES_ZH.get(k, k)) if zh else k}</th><td>{v}</td></tr>"
                   for k, v in rows)
    parts = [f'<table class="plain">{body}</table>']
    if "status" in runs:
        failed = runs[runs["status"] != "ok"]
        if not failed.empty:
            cols = [c for c in ("run_id", "scenario", "replication", "seed", "status", "error")
                    if c in failed]
            head = "".join(f"<th>{esc(c)}</th>" for c in cols)
            lines = "".join("<tr>" + "".join(f"<td>{esc(v)}</td>" for v in r) + "</tr>"
                            for r in failed[cols].itertuples(index=False))
            parts.append(f'<h3>{esc(say("prov.failed"))}</h3><table class="plain"><tr>{head}'
                         f"</tr>{lines}</table>")
    failures = m.get("failures")
    if isinstance(failures, list) and failures:
        parts.append(f"<details><summary>{esc(say('prov.failures', n=len(failures)))}"
                     f"</summary>{_scalar(failures)}</details>")
    for key in ("spec", "params"):
        if key in m:
            parts.append(f"<details><summary>{esc(say('prov.spec', what=key))}</summary>"
                         f"{_scalar(m[key])}</details>")
            shown.add(key)
    extra = {k: v for k, v in m.items() if k not in shown}
    if extra:
        parts.append(f"<details><summary>{esc(say('prov.other'))}</summary>{_scalar(extra)}"
                     "</details>")
    return "\n".join(parts)


def scenarios_html(data: ResultsData) -> str:
    """A list of the scenarios with their colour swatch, description and policies (escaped)."""
    colors = scenario_colors(data.scenarios)
    counts = data.ok_runs.groupby("scenario").size()
    rows = []
    for name in data.scenarios:
        description, policies = _describe(data, name)
        listed = (f"<br><small>{esc(say('policies'))}: {esc(policies)}</small>"
                  if policies else "")
        rows.append(
            f'<tr><th><span class="swatch" style="background:{colors[name]}"></span>'
            f"{esc(scenario_label(name))}</th><td>{esc(description)}"
            f"{listed}</td>"
            f"<td>{esc(say('n_runs', n=int(counts.get(name, 0))))}</td></tr>")
    return f'<table class="plain">{"".join(rows)}</table>'


