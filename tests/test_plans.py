"""plans/: versioned monthly targets with field-level history, validation that writes nothing on a bad row,
annual targets against their months, day overrides, and the downloads (safe against formula injection)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

import db
import plans
from connectors.safe_export import frame_to_csv_bytes, frame_to_xlsx_bytes, safe_cell
from plans import (
    PLAN_FIELDS,
    TEMPLATE_HEADERS,
    PlanValueError,
    annual_targets,
    day_overrides,
    parse_month,
    plan_history,
    plan_in_force,
    save_month_targets,
    set_annual_target,
    set_day_override,
    template_csv_bytes,
    template_frame,
    template_xlsx_bytes,
)

BOM = b"\xef\xbb\xbf"


@pytest.fixture
def pdb(conn):
    """A database with two stores; 甲店 is also known by its platform shop name 甲店旗舰店."""
    conn.execute("INSERT INTO stores (store, shop_name) VALUES ('甲店', '甲店旗舰店'), ('乙店', NULL)")
    return conn


def months(conn, store="甲店") -> dict[str, dict]:
    frame = plan_in_force(conn, store=store)
    return {row["month"]: row for row in frame.to_dict("records")}


def history(conn, **filters) -> list[tuple]:
    frame = plan_history(conn, **filters)
    cols = ["period", "field", "old_value", "new_value", "version", "source", "changed_by"]
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame[cols].itertuples(index=False)]


def count(conn, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def test_contract_constants():
    assert PLAN_FIELDS == (
        "gmv_target",
        "net_sales_target",
        "visitors_target",
        "conversion_target",
        "aov_target",
        "owner",
    )
    assert TEMPLATE_HEADERS == [
        "店铺",
        "月份",
        "销售目标",
        "净销售目标",
        "访客数目标",
        "转化率目标",
        "客单价目标",
        "负责人",
    ]


def test_save_makes_versions_with_field_history(pdb):
    before = db.data_version(pdb)
    first = save_month_targets(
        pdb,
        [
            {
                "store": "甲店",
                "month": "2026-01",
                "gmv_target": 100000,
                "owner": "王敏",
                "conversion_target": 0.032,
            },
            {"store": "甲店旗舰店", "month": "2026-02", "gmv_target": "90,000元"},
        ],
        author="alice",
    )
    assert (first.inserted, first.updated, first.unchanged, first.rejected) == (2, 0, 0, [])
    assert first.versions == {("甲店", "2026-01"): 1, ("甲店", "2026-02"): 1}
    assert db.data_version(pdb) == before + 1
    jan = months(pdb)["2026-01"]
    assert jan["gmv_target"] == Decimal("100000.00") and jan["owner"] == "王敏"
    assert (
        jan["conversion_target"] == 0.032
        and jan["net_sales_target"] is None
        and pd.isna(jan["visitors_target"])
    )
    assert (jan["version"], jan["source"], jan["updated_by"]) == (1, "editor", "alice")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(hours=8)
    assert abs(jan["updated_at"] - now) < dt.timedelta(minutes=2), "naive Beijing time"

    # A missing key leaves the field as it is; only what changed gets a history row.
    second = save_month_targets(
        pdb, [{"store": "甲店", "month": "2026-01", "gmv_target": 120000}], author="bob"
    )
    assert (second.inserted, second.updated, second.versions) == (0, 1, {("甲店", "2026-01"): 2})
    jan = months(pdb)["2026-01"]
    assert (jan["gmv_target"], jan["owner"], jan["version"], jan["updated_by"]) == (
        Decimal("120000.00"),
        "王敏",
        2,
        "bob",
    )
    # An explicit None (or NaN from a DataFrame) clears a field.
    frame = pd.DataFrame(
        [{"store": "甲店", "month": "2026-01", "owner": None, "conversion_target": float("nan")}]
    )
    third = save_month_targets(pdb, frame, author="carol", source="draft")
    assert third.updated == 1 and third.versions == {("甲店", "2026-01"): 3}
    jan = months(pdb)["2026-01"]
    assert pd.isna(jan["owner"]) and pd.isna(jan["conversion_target"]) and jan["source"] == "draft"

    assert history(pdb, store="甲店", period="2026-01") == [
        ("2026-01", "owner", "王敏", None, 3, "draft", "carol"),
        ("2026-01", "conversion_target", "0.032", None, 3, "draft", "carol"),
        ("2026-01", "gmv_target", "100000.00", "120000.00", 2, "editor", "bob"),
        ("2026-01", "owner", None, "王敏", 1, "editor", "alice"),
        ("2026-01", "conversion_target", None, "0.032", 1, "editor", "alice"),
        ("2026-01", "gmv_target", None, "100000.00", 1, "editor", "alice"),
    ]
    assert [h[0] for h in history(pdb, period="2026")] == ["2026-01"] * 3 + ["2026-02"] + ["2026-01"] * 3
    assert len(history(pdb, limit=2)) == 2


def test_unchanged_save_writes_nothing(pdb):
    row = {"store": "甲店", "month": "2026-03", "gmv_target": 5000, "visitors_target": 20000, "owner": "王敏"}
    save_month_targets(pdb, [row], author="alice")
    version, changes = db.data_version(pdb), count(pdb, "plan_history")
    again = save_month_targets(pdb, [dict(row, gmv_target="5,000.00", visitors_target=20000.0)], author="bob")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 1)
    assert again.versions == {("甲店", "2026-03"): 1}
    assert (db.data_version(pdb), count(pdb, "plan_history")) == (version, changes)
    assert months(pdb)["2026-03"]["updated_by"] == "alice"
    # A new month with nothing in it stores nothing.
    empty = save_month_targets(pdb, [{"store": "甲店", "month": "2026-04", "gmv_target": None}], author="bob")
    assert (empty.inserted, empty.unchanged, empty.versions) == (0, 1, {})
    assert "2026-04" not in months(pdb)
    assert save_month_targets(pdb, [], author=None) == plans.SaveResult()


def test_bad_rows_are_all_listed_and_nothing_is_written(pdb):
    save_month_targets(pdb, [{"store": "甲店", "month": "2026-01", "gmv_target": 100}], author="alice")
    version, changes = db.data_version(pdb), count(pdb, "plan_history")
    rows = [
        {"line": 2, "store": "甲店", "month": "2026-01", "gmv_target": 999},  # good, but must not be written
        {"line": 3, "store": "丙店", "month": "2026-02", "gmv_target": 1},
        {"line": 4, "store": "甲店", "month": "2026-13", "gmv_target": 1},
        {"line": 5, "store": "甲店", "month": "2026-03", "gmv_target": "abc"},
        {"line": 6, "store": "甲店", "month": "2026-04", "gmv_target": -1, "visitors_target": 1.5},
        {"line": 7, "store": "甲店", "month": "2026-05", "gmv_target": 1, "conversion_target": 3.2},
        {"line": 8, "store": "甲店", "month": "2026/1", "gmv_target": 2},
        {"line": 9, "store": "", "month": None, "gmv_target": 1},
    ]
    result = save_month_targets(pdb, rows, author="bob", file="计划.xlsx")
    assert (result.inserted, result.updated, result.versions) == (0, 0, {})
    found = [(r.file, r.line, r.column, r.value) for r in result.rejected]
    assert found == [
        ("计划.xlsx", 3, "店铺", "丙店"),
        ("计划.xlsx", 4, "月份", "2026-13"),
        ("计划.xlsx", 5, "销售目标", "abc"),
        ("计划.xlsx", 6, "销售目标", "-1"),
        ("计划.xlsx", 6, "访客数目标", "1.5"),
        ("计划.xlsx", 7, "转化率目标", "3.2"),
        ("计划.xlsx", 8, "月份", "2026/1"),
        ("计划.xlsx", 9, "店铺", None),
        ("计划.xlsx", 9, "月份", None),
    ]
    reasons = [r.reason for r in result.rejected]
    assert "未知店铺" in reasons[0] and "不是有效月份" in reasons[1] and "不是有效金额" in reasons[2]
    assert "不能为负数" in reasons[3] and "整数" in reasons[4] and "0 到 1" in reasons[5]
    assert "与第 2 行重复" in reasons[6] and "duplicate" in reasons[6] and "必填" in reasons[7]
    assert months(pdb)["2026-01"]["gmv_target"] == Decimal("100.00")
    assert (count(pdb, "plan_months"), count(pdb, "plan_history"), db.data_version(pdb)) == (
        1,
        changes,
        version,
    )
    # Without a `line` key the line is the row's position (1-based).
    result = save_month_targets(pdb, [{"store": "甲店", "month": "x"}] * 2, author=None)
    assert [r.line for r in result.rejected] == [1, 2]


@pytest.mark.parametrize("value", [0.032, "3.2%", "3.20 %", "0.032", Decimal("0.032")])
def test_conversion_as_fraction_or_percent(pdb, value):
    save_month_targets(pdb, [{"store": "乙店", "month": "2026-06", "conversion_target": value}], author=None)
    assert months(pdb, "乙店")["2026-06"]["conversion_target"] == 0.032


@pytest.mark.parametrize(
    "text",
    [
        "2026-01",
        "2026/1",
        "2026年1月",
        "2026年01月",
        "202601",
        "2026.01",
        "2026-01-01",
        "2026-01-01 00:00:00",
    ],
)
def test_month_forms(text):
    assert parse_month(text) == "2026-01"
    assert parse_month(dt.date(2026, 1, 15)) == "2026-01"


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-01", "abc", "2026-02-30", "", "1999-01"])
def test_bad_months(text):
    with pytest.raises(plans.BadValue):
        parse_month(text)


def test_annual_target_against_the_sum_of_months(pdb):
    save_month_targets(
        pdb,
        [{"store": "甲店", "month": f"2026-{m:02d}", "gmv_target": 100000 * m} for m in (1, 2, 3)]
        + [{"store": "甲店", "month": "2025-12", "gmv_target": 7}],
        author="alice",
    )
    frame = annual_targets(pdb, year=2026)
    assert frame.to_dict("records") == [
        {
            "store": "甲店",
            "year": 2026,
            "annual_target": Decimal("600000.00"),
            "months_sum": Decimal("600000.00"),
            "difference": Decimal("0.00"),
            "annual_is_set": False,
            "months_with_target": 3,
        }
    ]
    assert set_annual_target(pdb, "甲店", 2026, 1_000_000, author="boss") == 1
    assert set_annual_target(pdb, "甲店", 2026, "1,000,000", author="boss") is None, "unchanged"
    row = annual_targets(pdb, year=2026, store="甲店").iloc[0]
    assert (row["annual_target"], row["months_sum"], row["difference"], row["annual_is_set"]) == (
        Decimal("1000000.00"),
        Decimal("600000.00"),
        Decimal("400000.00"),
        True,
    )
    # A store without any plan still gets its row when asked for: no target is NULL, not 0.
    empty = annual_targets(pdb, year=2026, store="乙店").iloc[0]
    assert empty["annual_target"] is None and empty["months_sum"] is None and not empty["annual_is_set"]
    assert set_annual_target(pdb, "甲店", 2026, None, author="boss") == 2
    assert annual_targets(pdb, year=2026, store="甲店").iloc[0]["annual_is_set"] == False  # noqa: E712
    assert set_annual_target(pdb, "甲店", 2026, 900000, author="boss") == 3
    assert history(pdb, period="2026")[:3] == [
        ("2026", "annual_target", None, "900000.00", 3, "editor", "boss"),
        ("2026", "annual_target", "1000000.00", None, 2, "editor", "boss"),
        ("2026", "annual_target", None, "1000000.00", 1, "editor", "boss"),
    ]
    assert pdb.execute("SELECT version FROM plan_years").fetchall() == [(3,)]


def test_day_override_set_and_remove(pdb):
    day = dt.date(2026, 11, 11)
    assert set_day_override(pdb, "甲店", day, 50000, author="alice") == 1
    assert set_day_override(pdb, "甲店", day, 60000, author="bob") == 2
    frame = day_overrides(pdb, store="甲店", month="2026-11")
    assert frame[["date", "gmv_target", "updated_by"]].to_dict("records") == [
        {"date": day, "gmv_target": Decimal("60000.00"), "updated_by": "bob"}
    ]
    assert day_overrides(pdb, store="甲店", month="2026-12").empty
    assert set_day_override(pdb, "甲店", day, None, author="carol") == 3
    assert set_day_override(pdb, "甲店", day, None, author="carol") is None
    assert day_overrides(pdb, store="甲店", month="2026-11").empty
    assert history(pdb, period="2026-11") == [
        ("2026-11-11", "gmv_target", "60000.00", None, 3, "editor", "carol"),
        ("2026-11-11", "gmv_target", "50000.00", "60000.00", 2, "editor", "bob"),
        ("2026-11-11", "gmv_target", None, "50000.00", 1, "editor", "alice"),
    ]


def test_year_and_day_reject_bad_values(pdb):
    version = db.data_version(pdb)
    with pytest.raises(PlanValueError, match="未知店铺"):
        set_annual_target(pdb, "丙店", 2026, 1, author=None)
    with pytest.raises(PlanValueError, match="负数"):
        set_day_override(pdb, "甲店", dt.date(2026, 1, 1), -5, author=None)
    with pytest.raises(PlanValueError, match="年份"):
        set_annual_target(pdb, "甲店", 26, 1, author=None)
    with pytest.raises(PlanValueError, match="日期"):
        set_day_override(pdb, "甲店", "2026-01-01", 1, author=None)
    assert (count(pdb, "plan_history"), db.data_version(pdb)) == (0, version)


def test_inside_the_callers_transaction(pdb):
    pdb.execute("BEGIN TRANSACTION")
    result = save_month_targets(
        pdb, [{"store": "甲店", "month": "2026-01", "gmv_target": 1}], author=None, transaction=False
    )
    set_annual_target(pdb, "甲店", 2026, 12, author=None, transaction=False)
    assert result.inserted == 1 and count(pdb, "plan_months") == 1
    pdb.execute("ROLLBACK")
    assert (count(pdb, "plan_months"), count(pdb, "plan_years"), count(pdb, "plan_history")) == (0, 0, 0)


def test_plan_in_force_filters_by_store_and_year(pdb):
    save_month_targets(
        pdb,
        [
            {"store": "甲店", "month": "2025-12", "gmv_target": 1},
            {"store": "甲店", "month": "2026-01", "gmv_target": 2},
            {"store": "乙店", "month": "2026-01", "gmv_target": 3},
        ],
        author=None,
    )
    frame = plan_in_force(pdb, year=2026)
    assert list(frame.columns) == [
        "store",
        "month",
        *PLAN_FIELDS,
        "version",
        "source",
        "updated_by",
        "updated_at",
    ]
    assert frame[["store", "month"]].values.tolist() == [["乙店", "2026-01"], ["甲店", "2026-01"]]
    assert plan_in_force(pdb, store="甲店")["month"].tolist() == ["2025-12", "2026-01"]


# ---- template and downloads ----


def test_template_frame_and_bytes(pdb):
    frame = template_frame(["甲店", "乙店"], 2026)
    assert list(frame.columns) == TEMPLATE_HEADERS and len(frame) == 24
    assert (
        frame["月份"].tolist()[:3] == ["2026-01", "2026-02", "2026-03"] and frame["店铺"].iloc[12] == "乙店"
    )
    assert frame[TEMPLATE_HEADERS[2:]].isna().all().all()
    sheet = openpyxl.load_workbook(io.BytesIO(template_xlsx_bytes(frame))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == TEMPLATE_HEADERS and rows[1][:3] == ("甲店", "2026-01", None)
    assert sheet["B2"].number_format == "@", "月份 stays text when a user types 2026-01 in Excel"
    data = template_csv_bytes(frame)
    assert data.startswith(BOM)
    assert data[3:].decode("utf-8").splitlines()[1] == "甲店,2026-01,,,,,,"
    # A filled template keyed by its Chinese headers saves as it is.
    frame["销售目标"] = [1000 * (i + 1) for i in range(24)]
    result = save_month_targets(pdb, frame, author="alice")
    assert result.inserted == 24 and months(pdb, "乙店")["2026-12"]["gmv_target"] == Decimal("24000.00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 139", "'+86 139"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("王敏", "王敏"),
        ("a=1", "a=1"),
        (-5, -5),
        (-5.5, -5.5),
        (Decimal("-5.00"), Decimal("-5.00")),
        (None, None),
        (float("nan"), None),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
    assert type(safe_cell(value)) is type(expected)


def test_downloads_neutralise_formulas_and_keep_numbers():
    frame = pd.DataFrame(
        {
            "店铺": ["=1+1", "@x", "甲店"],
            "金额": [-5, 12, 0],
            "比率": [-0.5, 0.25, 1.0],
            "备注": ["-2+3", None, "ok"],
        }
    )
    data = frame_to_csv_bytes(frame)
    assert data.startswith(BOM)
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    assert rows == [
        ["店铺", "金额", "比率", "备注"],
        ["'=1+1", "-5", "-0.5", "'-2+3"],
        ["'@x", "12", "0.25", ""],
        ["甲店", "0", "1.0", "ok"],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(frame_to_xlsx_bytes(frame, sheet_name="达成"))).active
    assert sheet.title == "达成"
    assert [c.value for c in sheet[2]] == ["'=1+1", -5, -0.5, "'-2+3"]
    assert sheet["A2"].data_type == "s" and sheet["B2"].data_type == "n" and sheet["C2"].data_type == "n"
    assert [c.value for c in sheet[3]] == ["'@x", 12, 0.25, None]


def test_plans_import_no_interface_or_metrics():
    """plans/ is a data layer: pages and ui call it, it never calls them (nor metrics, which only read)."""
    from test_ui_layers import imported_modules, python_files

    for path in python_files("plans"):
        for name in imported_modules(path):
            root = name.split(".")[0]
            assert root not in ("streamlit", "plotly", "ui", "pages", "metrics", "app"), (
                f"{path} imports {name}"
            )
