"""The satisficing table of the robust report: readable per-threshold headers."""

import pandas as pd

from commsim.robust.metrics import Threshold, satisficing
from commsim.robust.report import satisficing_table, threshold_label

OVERTIME = Threshold("overtime_hours_per_cadre_week", high=8.0)
SATISFIED = Threshold("resident_satisfaction", low=0.65)


def test_threshold_labels_come_from_the_declarations():
    assert threshold_label(OVERTIME) == "Overtime per cadre-week ≤ 8 h per cadre-week"
    # a share has no unit after its bound
    assert threshold_label(SATISFIED) == "Residents satisfied (had contact) ≥ 0.65"
    assert threshold_label(Threshold("undeclared", low=1, high=2)) == "1 ≤ undeclared ≤ 2"


def test_satisficing_table_shows_each_threshold_alone():
    table = pd.DataFrame({"world": [0, 0, 1, 1], "policy": ["a", "b", "a", "b"],
                          "overtime_hours_per_cadre_week": [6.0, 9.0, 7.0, 5.0],
                          "resident_satisfaction": [0.6, 0.7, 0.7, 0.8]})
    html = satisficing_table(satisficing(table, [OVERTIME, SATISFIED]), [OVERTIME, SATISFIED])
    for header in ("all thresholds: share [95% CI]",
                   "Overtime per cadre-week ≤ 8 h per cadre-week: share [95% CI]",
                   "Residents satisfied (had contact) ≥ 0.65: share [95% CI]"):
        assert f"<th>{header}</th>" in html
    # a: overtime met in both worlds (share 1, exact interval [0.158, 1])
    assert "<td>1 [0.158, 1]</td>" in html


def test_satisficing_table_reads_an_older_table_without_the_new_columns():
    old = pd.DataFrame({"policy": ["a"], "worlds": [2], "met": [1], "share": [0.5],
                        "ci_low": [0.0126], "ci_high": [0.987]})
    html = satisficing_table(old, [OVERTIME])
    assert "Overtime" not in html and "0.5 [0.0126, 0.987]" in html


def test_chinese_threshold_labels_and_headers():
    assert threshold_label(OVERTIME, "zh") == "每名干部每周加班时长 ≤ 8 小时/干部·周"
    assert threshold_label(Threshold("undeclared"), "zh") == "undeclared(任意取值)"
    m = OVERTIME.metric
    sat = pd.DataFrame({"policy": ["a"], "worlds": [2], "met": [1], "share": [0.5],
                        "ci_low": [0.0126], "ci_high": [0.987], f"share_{m}": [1.0],
                        f"ci_low_{m}": [0.158], f"ci_high_{m}": [1.0]})
    html = satisficing_table(sat, [OVERTIME], "zh")
    for header in ("政策方案", "情景数", "达标情景数", "全部阈值:达标率 [95%置信区间]",
                   "每名干部每周加班时长 ≤ 8 小时/干部·周:达标率 [95%置信区间]"):
        assert f"<th>{header}</th>" in html
