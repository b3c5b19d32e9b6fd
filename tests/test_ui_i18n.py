"""ui.i18n: both languages have every key, placeholders match, and t() formats and falls back."""

from __future__ import annotations

import re
import string

from ui.i18n import LANGS, STRINGS, t


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_in_every_language():
    keys = {lang: set(STRINGS[lang]) for lang in LANGS}
    assert keys["zh"] == keys["en"], keys["zh"] ^ keys["en"]


def test_placeholders_match_between_languages():
    for key, zh in STRINGS["zh"].items():
        assert placeholders(zh) == placeholders(STRINGS["en"][key]), key


def test_t_formats_and_falls_back():
    assert t("overview_scope_store", "zh", store="旗舰店") == "范围：旗舰店"
    assert t("overview_scope_store", "en", store="旗舰店") == "Scope: 旗舰店"
    assert t("no_such_key", "en") == "no_such_key"
    assert t("page_import_data") == "数据导入"  # no session: Chinese


def test_english_strings_are_english():
    """English text may quote Chinese names (生意参谋, 退款成功) but is not an untranslated copy."""
    for key, en in STRINGS["en"].items():
        if key in ("sidebar_language", "missing"):
            continue
        assert re.search(r"[A-Za-z]{3}", en), key
        assert en != STRINGS["zh"][key], key


def test_data_rules_cover_the_agreed_points():
    rules = t("rules_body", "zh")
    for point in ("付款时间", "尾款", "导出时间较晚", "退款成功", "`-`", "不是 0"):
        assert point in rules, point
