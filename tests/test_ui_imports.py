"""ui.imports and ui.feedback: upload staging names, result tables in words, errors as one sentence."""

from __future__ import annotations

import duckdb
import pandas as pd
from conftest import require

import db
from connectors.result import ImportResult, RejectedRow
from ui import feedback, imports


def test_staging_suffix_comes_from_a_fixed_list():
    assert imports.staging_suffix("ExportOrderList202611010930.CSV") == ".csv"
    assert imports.staging_suffix("【生意参谋平台】商品_全部_2026-06-18_2026-06-18.xls") == ".xls"
    assert imports.staging_suffix("库存.xlsx") == ".xlsx"
    assert imports.staging_suffix("../../etc/passwd") == ""
    assert imports.staging_suffix("evil.csv/../../x.sh") == ""


def sample_results() -> list[ImportResult]:
    return [
        ImportResult(file="a.csv", kind="orders", status="imported", rows_read=4, inserted=3, updated=1),
        ImportResult(file="b.csv", kind="orders", status="unchanged", rows_read=4, unchanged=4),
        ImportResult(
            file="c.csv",
            kind=None,
            status="rejected",
            error="c.csv: 无法识别的文件",
            rejected=[RejectedRow("c.csv", None, None, "无法识别的文件")],
        ),
        ImportResult(
            file="d.csv",
            kind="orders",
            status="imported",
            rows_read=2,
            inserted=1,
            rejected=[RejectedRow("d.csv", 3, "买家实际支付金额", "不是金额", "abc")],
        ),
    ]


def test_results_frame_in_words():
    require("connectors", "KIND_LABELS")
    frame = imports.results_frame(sample_results(), "zh")
    assert list(frame.columns) == ["文件", "类型", "状态", "读取行数", "新增", "更新", "未变", "拒绝", "错误"]
    assert list(frame["状态"]) == ["已导入", "无变化", "已拒绝", "已导入"]
    assert list(frame["类型"]) == ["订单报表", "订单报表", "未识别", "订单报表"]
    assert list(frame["拒绝"]) == [0, 0, 1, 1]
    assert imports.summary_counts(sample_results()) == {
        "files": 4,
        "imported": 2,
        "unchanged": 1,
        "rejected": 1,
    }


def test_rejections_frame_names_file_line_column_reason_value():
    frame = imports.rejections_frame(sample_results(), "en")
    assert list(frame.columns) == ["File", "Line", "Column", "Reason", "Value"]
    last = frame.iloc[-1]
    assert (last["File"], last["Line"], last["Column"], last["Value"]) == (
        "d.csv",
        3,
        "买家实际支付金额",
        "abc",
    )
    assert pd.isna(frame.iloc[0]["Line"])


def test_history_frame_labels_kinds_and_statuses():
    require("connectors", "KIND_LABELS")
    history = pd.DataFrame(
        {
            "load_id": [2, 1],
            "file_name": ["x.csv", "y.csv"],
            "kind": ["orders", None],
            "store": ["店", None],
            "status": ["unchanged", "rejected"],
            "rows_read": [4, 0],
        }
    )
    frame = imports.history_frame(history, "zh")
    assert list(frame["类型"]) == ["订单报表", "未识别"]
    assert list(frame["状态"]) == ["无变化", "已拒绝"]
    assert "开始时间" in frame.columns


def test_feedback_messages_are_sentences():
    locked = db.DatabaseLocked("数据库文件 x 正被另一个进程使用")
    assert feedback.message_for(locked) == "数据库文件 x 正被另一个进程使用"
    assert feedback.message_for(ValueError("start 2026-11-02 is after end 2026-11-01")).startswith("start")
    assert (
        feedback.message_for(FileNotFoundError(2, "No such file", "/tmp/x.csv"), "zh")
        == "找不到文件：/tmp/x.csv"
    )
    assert feedback.message_for(duckdb.IOException("disk full"), "en").startswith(
        "Cannot read or write the database"
    )
    assert feedback.message_for(KeyError("paid_gmv"), "zh") == "出错了（KeyError）：'paid_gmv'"
    assert feedback.message_for(RuntimeError(), "en") == "Something went wrong (RuntimeError): RuntimeError"
