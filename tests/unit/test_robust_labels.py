"""Names in the robust report: policies, criteria, box rules and provenance in either language."""

from commsim.robust.labels import (
    criterion_label,
    metric_label,
    policy_label,
    provenance_rows,
    rule_text,
)


def test_policy_labels():
    assert policy_label("gate(strictness=0.5)", "en") == "gate(strictness=0.5)"
    assert policy_label("baseline", "zh") == "现状(基线)"
    assert policy_label("paperless(digital_acceptance=0.9)", "zh") == \
        "无纸化办公(digital_acceptance=0.9)"
    # a name of the user's own: prefixed with its built-in scenario's Chinese name
    assert policy_label("gate_funded", "zh", "admission_gate") == "准入制度·gate_funded"
    assert policy_label("mine", "zh", "my_scenario") == "mine"


def test_metric_and_criterion_labels():
    assert metric_label("cost_yuan", "en") == "cost_yuan"
    assert metric_label("overtime_hours_per_cadre_week", "zh", unit=True) == \
        "每名干部每周加班时长(小时/干部·周)"
    assert metric_label("cost_yuan", "zh", unit=True).count("(元/年)") == 1
    assert criterion_label("satisficing share", "zh") == "达标率"
    assert criterion_label("90th-percentile regret: cost_yuan", "zh").startswith(
        "第90百分位遗憾值:全社会成本")
    assert criterion_label("satisficing share", "en") == "satisficing share"


def test_rule_text_and_provenance():
    limits = {"street.leakage": [0.2, 0.5], "x": [float("-inf"), 1.0]}
    assert rule_text(limits, "zh") == "0.2 ≤ street.leakage ≤ 0.5 且 x ≤ 1"
    assert rule_text({}, "zh") == "任意取值(无限制)"
    keys, values = provenance_rows({"quick": False, "language": "zh", "other": 1}, "zh")
    assert keys == ["快速模式", "报告语言", "other"] and values == ["否", "中文(zh)", "1"]
    assert provenance_rows({"quick": False}, "en") == (["quick"], ["False"])
