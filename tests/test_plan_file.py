"""Sales plan files (销售计划) through the real import path: recognised from the headers (also by the CLI),
a later file makes version 2, an identical one changes nothing, a bad file is rejected whole with every
bad row listed and the plan in force untouched, and the downloadable template imports once filled in."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import subprocess
import sys
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT
from exportfiles import imp, write_csv

import db
from connectors.__main__ import main as cli
from plans import (
    TEMPLATE_HEADERS,
    plan_history,
    plan_in_force,
    template_csv_bytes,
    template_frame,
    template_xlsx_bytes,
)

HEADERS = ["店铺", "月份", "销售目标", "访客数目标", "转化率目标", "客单价目标", "负责人"]
PLAN_V1 = [
    {"店铺": "甲店", "月份": "2026-01", "销售目标": "120,000", "访客数目标": "40000", "转化率目标": "3.2%",
     "客单价目标": "93.75", "负责人": "王敏"},
    {"店铺": "甲店", "月份": "2026/02", "销售目标": "90000", "访客数目标": "", "转化率目标": "0.032",
     "客单价目标": "", "负责人": "王敏"},
    {"店铺": "乙店", "月份": "2026年3月", "销售目标": "50000元", "负责人": "李娜"},
]  # fmt: skip


@pytest.fixture
def pdb(conn):
    conn.execute("INSERT INTO stores (store, shop_name) VALUES ('甲店', '甲店旗舰店'), ('乙店', NULL)")
    return conn


def write_plan_xlsx(path, headers, rows: list[list]):
    """A plan workbook as a person saves it from Excel: header row, then cells as given (dates stay dates)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "销售计划"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def in_force(conn) -> dict[tuple[str, str], dict]:
    return {(r["store"], r["month"]): r for r in plan_in_force(conn).to_dict("records")}


def count(conn, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def test_gb18030_csv_imports_every_form(pdb, tmp_path):
    path = write_csv(tmp_path / "销售计划2026.csv", HEADERS, PLAN_V1)
    result = imp(pdb, path, author="alice")
    assert (result.kind, result.status, result.rows_read, result.inserted, result.updated) == (
        "plan",
        "imported",
        3,
        3,
        0,
    ), result.to_json()
    assert result.store is None, "a file with several stores names none"
    plan = in_force(pdb)
    jan, feb, mar = plan["甲店", "2026-01"], plan["甲店", "2026-02"], plan["乙店", "2026-03"]
    assert (jan["gmv_target"], jan["visitors_target"], jan["conversion_target"], jan["aov_target"]) == (
        Decimal("120000.00"),
        40000,
        0.032,
        Decimal("93.75"),
    )
    assert feb["conversion_target"] == 0.032 and feb["aov_target"] is None and pd.isna(feb["visitors_target"])
    assert (mar["gmv_target"], mar["owner"], mar["net_sales_target"]) == (Decimal("50000.00"), "李娜", None)
    assert {(r["version"], r["source"], r["updated_by"]) for r in plan.values()} == {(1, "file", "alice")}
    history = plan_history(pdb)
    assert set(history["load_id"]) == {result.load_id} and set(history["changed_by"]) == {"alice"}
    assert pdb.execute("SELECT count(*) FROM plan_months WHERE load_id = ?", [result.load_id]).fetchall() == [
        (3,)
    ]


def test_cli_recognises_the_plan_and_records_the_author(pdb, tmp_path):
    """The real command line, in its own process: kind "plan" in --json, --author in the history."""
    db_path = tmp_path / "t.duckdb"
    pdb.close()
    path = write_plan_xlsx(
        tmp_path / "plan.xlsx", ["店铺", "月份", "销售目标", "负责人"], [["甲店", "2026-04", 70000, "王敏"]]
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "connectors",
            "import",
            "--db",
            str(db_path),
            "--json",
            "--author",
            "张三",
            str(path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    (out,) = json.loads(run.stdout)
    assert (out["kind"], out["status"], out["inserted"], out["store"], out["rejected_rows"]) == (
        "plan",
        "imported",
        1,
        "甲店",
        0,
    )
    conn = db.connect(db_path)
    try:
        assert conn.execute("SELECT DISTINCT changed_by FROM plan_history").fetchall() == [("张三",)]
    finally:
        conn.close()


def test_cli_author_defaults_to_the_os_user(pdb, tmp_path, capsys):
    db_path = tmp_path / "t.duckdb"
    pdb.close()
    path = write_plan_xlsx(tmp_path / "plan.xlsx", ["店铺", "月份", "销售目标"], [["乙店", "2026-05", 1000]])
    assert cli(["import", "--db", str(db_path), "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["kind"] == "plan"
    conn = db.connect(db_path)
    try:
        assert conn.execute("SELECT updated_by FROM plan_months").fetchall() == [(getpass.getuser(),)]
    finally:
        conn.close()


def test_later_file_makes_version_2_and_identical_file_changes_nothing(pdb, tmp_path):
    first = imp(pdb, write_csv(tmp_path / "plan_v1.csv", HEADERS, PLAN_V1), author="alice")
    assert first.status == "imported"
    v2_rows = [dict(PLAN_V1[0], 销售目标="130000", 负责人="李娜"), PLAN_V1[1]]
    v2 = write_csv(tmp_path / "plan_v2.csv", HEADERS, v2_rows, encoding="utf-8-sig")
    assert v2.read_bytes().startswith(b"\xef\xbb\xbf")
    second = imp(pdb, v2, author="bob")
    assert (second.status, second.inserted, second.updated, second.unchanged, second.store) == (
        "imported",
        0,
        1,
        1,
        "甲店",
    )
    plan = in_force(pdb)
    jan = plan["甲店", "2026-01"]
    assert (jan["gmv_target"], jan["owner"], jan["version"], jan["updated_by"]) == (
        Decimal("130000.00"),
        "李娜",
        2,
        "bob",
    )
    assert plan["甲店", "2026-02"]["version"] == 1 and plan["乙店", "2026-03"]["version"] == 1
    changes = plan_history(pdb, period="2026-01")
    newest = changes[changes["version"] == 2][["field", "old_value", "new_value", "changed_by", "load_id"]]
    assert newest.values.tolist() == [
        ["owner", "王敏", "李娜", "bob", second.load_id],
        ["gmv_target", "120000.00", "130000.00", "bob", second.load_id],
    ]
    before = count(pdb, "plan_history")
    third = imp(pdb, v2, author="carol")
    assert (third.status, third.inserted, third.updated, third.unchanged) == ("unchanged", 0, 0, 2)
    assert count(pdb, "plan_history") == before and in_force(pdb)["甲店", "2026-01"]["updated_by"] == "bob"


def test_importing_the_same_file_again_resets_an_edited_month(pdb, tmp_path):
    """A plan file is compared with the plan in force, not skipped by its hash: re-importing it undoes edits."""
    from plans import save_month_targets

    path = write_csv(tmp_path / "plan.csv", HEADERS, PLAN_V1)
    imp(pdb, path)
    save_month_targets(pdb, [{"store": "乙店", "month": "2026-03", "gmv_target": 1}], author="editor")
    again = imp(pdb, path)
    assert (again.status, again.updated, again.unchanged) == ("imported", 1, 2)
    assert in_force(pdb)["乙店", "2026-03"]["gmv_target"] == Decimal("50000.00")
    assert in_force(pdb)["乙店", "2026-03"]["version"] == 3


def test_excel_dates_and_numbers_in_a_workbook(pdb, tmp_path):
    rows = [
        ["甲店", dt.datetime(2026, 5, 1), 80000, 0.032, "王敏"],  # Excel turned 2026-05 into a date
        ["甲店旗舰店", "2026-06", 81000.5, "3.2%", None],  # the platform shop name names the store too
        ["乙店", 202607, "1,000", None, "李娜"],
    ]
    path = write_plan_xlsx(tmp_path / "plan.xlsx", ["店铺", "月份", "销售目标", "转化率目标", "负责人"], rows)
    result = imp(pdb, path)
    assert (result.status, result.inserted) == ("imported", 3), result.to_json()
    plan = in_force(pdb)
    assert (
        plan["甲店", "2026-05"]["conversion_target"] == plan["甲店", "2026-06"]["conversion_target"] == 0.032
    )
    assert plan["甲店", "2026-06"]["gmv_target"] == Decimal("81000.50")
    assert plan["乙店", "2026-07"]["gmv_target"] == Decimal("1000.00")


def test_bad_file_is_rejected_whole_with_every_row_listed(pdb, tmp_path):
    good = imp(pdb, write_csv(tmp_path / "plan_v1.csv", HEADERS, PLAN_V1), author="alice")
    assert good.status == "imported"
    snapshot = plan_in_force(pdb)
    changes, version = count(pdb, "plan_history"), db.data_version(pdb)
    rows = [
        ["甲店", "2026-01", 999999, "王敏"],  # a good row: not imported either
        ["丙店", "2026-02", 1000, None],  # line 3: unknown store
        ["甲店", "2026-13", 1000, None],  # line 4: no such month
        ["甲店", "2026-03", "十万", None],  # line 5: text in a number cell
        ["甲店", "2026-04", -5000, None],  # line 6: negative target
        ["甲店", "2026-01", 1000, None],  # line 7: the same store and month again
    ]
    path = write_plan_xlsx(tmp_path / "plan_bad.xlsx", ["店铺名称", "月份", "销售目标", "负责人"], rows)
    result = imp(pdb, path, author="bob")
    assert (result.kind, result.status, result.inserted, result.updated) == ("plan", "rejected", 0, 0)
    assert "5 行有错误" in result.error and "nothing was imported" in result.error
    listed = [(r.line, r.column, r.value) for r in result.rejected]
    assert listed == [
        (3, "店铺名称", "丙店"),
        (4, "月份", "2026-13"),
        (5, "销售目标", "十万"),
        (6, "销售目标", "-5000"),
        (7, "月份", "2026-01"),
    ]
    assert "第 2 行重复" in result.rejected[-1].reason
    pd.testing.assert_frame_equal(plan_in_force(pdb), snapshot)
    assert count(pdb, "plan_history") == changes
    assert db.data_version(pdb) == version + 1, "only the rejection's log entry"
    logged = pdb.execute(
        "SELECT status, kind, rejected FROM loads WHERE load_id = ?", [result.load_id]
    ).fetchall()
    assert logged == [("rejected", "plan", 5)]
    stored = pdb.execute(
        "SELECT line, column_name, value FROM rejected_rows WHERE load_id = ? ORDER BY line", [result.load_id]
    ).fetchall()
    assert stored == listed


def test_missing_sales_target_column_is_named(pdb, tmp_path):
    path = write_plan_xlsx(tmp_path / "plan.xlsx", ["店铺", "月份", "负责人"], [["甲店", "2026-01", "王敏"]])
    result = imp(pdb, path)
    assert (result.kind, result.status) == (None, "rejected")
    assert "销售计划" in result.error and "缺少必需的列：销售目标" in result.error
    assert count(pdb, "plan_months") == 0


def test_template_round_trip(pdb, tmp_path):
    """Download the template, fill in a few targets, import it (xlsx); its CSV twin then changes nothing."""
    frame = template_frame(["甲店"], 2026)
    xlsx = tmp_path / "销售计划模板.xlsx"
    xlsx.write_bytes(template_xlsx_bytes(frame))
    book = openpyxl.load_workbook(xlsx)
    sheet = book.active
    assert [c.value for c in sheet[1]] == TEMPLATE_HEADERS
    for row in range(2, 14):
        sheet.cell(row, 3, 100000 + row)  # 销售目标
        sheet.cell(row, 6, "3.5%")  # 转化率目标
        sheet.cell(row, 8, "王敏")  # 负责人
    book.save(xlsx)
    result = imp(pdb, xlsx, author="alice")
    assert (result.kind, result.status, result.inserted) == ("plan", "imported", 12), result.to_json()
    plan = in_force(pdb)
    assert sorted(m for _, m in plan) == [f"2026-{m:02d}" for m in range(1, 13)]
    assert plan["甲店", "2026-01"]["gmv_target"] == Decimal("100002.00")
    assert plan["甲店", "2026-12"]["conversion_target"] == 0.035
    csv_path = tmp_path / "plan.csv"
    same = frame.assign(销售目标=[100000 + row for row in range(2, 14)], 转化率目标="3.5%", 负责人="王敏")
    csv_path.write_bytes(template_csv_bytes(same))
    again = imp(pdb, csv_path)
    assert (again.kind, again.status, again.unchanged) == ("plan", "unchanged", 12), again.to_json()
