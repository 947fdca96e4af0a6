"""Languages: message lookup, locale default, and column widths of CJK text."""

from __future__ import annotations

from commsim.core.i18n import (
    LANGUAGES,
    MESSAGES,
    POLICY_NAMES,
    default_language,
    display_width,
    ljust,
    policy_name,
    rjust,
    text,
)


def test_every_message_has_every_language() -> None:
    for key, entry in MESSAGES.items():
        assert set(LANGUAGES) <= set(entry), key
    for entry in POLICY_NAMES.values():
        assert set(LANGUAGES) <= set(entry)


def test_locale_default() -> None:
    assert default_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert default_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert default_language({}) == "en"


def test_policy_names() -> None:
    assert policy_name("admission_gate", "zh") == "准入制度"
    assert policy_name("purchased_services", "zh") == "购买式服务"
    assert policy_name("paperless", "zh") == "无纸化办公"
    assert policy_name("my_plugin_policy", "zh") == "my_plugin_policy"


def test_wide_characters_align() -> None:
    names = ["baseline", "准入制度_试点", "购买式服务"]
    width = max(map(display_width, names))
    rows = [ljust(n, width) + "|" + rjust("1.0", 6) for n in names]
    assert len({display_width(r) for r in rows}) == 1
    assert display_width("准入") == 4 and display_width("abc") == 3


def test_text_fills_fields_and_falls_back() -> None:
    assert text("difference", "en", base="baseline") == "difference vs baseline"
    assert text("mean", "fr") == "mean"
