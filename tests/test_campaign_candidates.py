"""Candidate detection (metrics/campaign_candidates.py) on real DuckDB files built by the real connectors.

The fixture store sells six SKUs for 90 days (2026-01-05 .. 2026-04-04, no Double 11 / 618 day) with a weekday
rhythm, log-normal noise on the units and a 5-yuan coupon on ~10% of the lines of SKUs priced >= 50 yuan.
The quiet series also carries two single-signal days that must NOT be candidates: one SKU at 3.5x units at
full price, another at -25% price with ordinary units. Orders (订单报表, G3 CSV) and their lines (宝贝报表,
G4 CSV with 商品ID) are written as the back office writes them and imported through connectors.import_file.

Injected on top of the quiet series (campaign series):
  day 44  store-wide spike: every SKU at 2.2x units, full price            -> kind 'store'
  day 55  聚划算: CC-A, CC-C, CC-E at 5x units and -20% price              -> kind 'sku'
  day 76  聚划算: CC-B, CC-D at 5x units and -20% price                    -> kind 'sku'
Expected figures are worked out in plain Python from the generated lines (baseline = median of the previous
28 days, dense from the SKU's first sale; store baseline = median of the same weekday over 8 weeks); the
metric must match them to 1e-9 (relative). Against the injected values the tolerance is ±0.03 on price_drop
(coupons move the average price a little) and ±35% on volume_ratio against its noise-free value (5x the
day's weekday-expected units over the median of the noise-free previous 28 days; the noise of the day's draw
and of the baseline make up the rest).

生意参谋 evidence: a 商品_全部 .xlsx (written with the 生意参谋 header and title lines) is imported through the
connector; there is no shared writer for it in tests/exportfiles.py, so it is written here with write_xlsx.
The calendar has no connector yet: its rows are inserted with parameterised SQL.

The demo-store test builds the demo database once for this module through data.demo.load_demo (~45 s;
skipped with STORE_OPS_SKIP_SLOW=1) and takes the expected 聚划算 days from the seeded demo model.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from exportfiles import DETAIL_G4, ORDER_G3, imp, order, write_csv, write_xlsx

import db
from data.demo import default_end_date
from metrics.campaign_candidates import CANDIDATE_COLUMNS, campaign_candidates
from metrics.definitions import METRIC_DEFINITIONS
from metrics.targets import campaign_days

ROOT = Path(__file__).resolve().parents[1]
STORE = "测试旗舰店"  # the 店铺名称 of exportfiles.order()
FIRST_DAY = date(2026, 1, 5)  # a Monday
DAYS = 90
CENT = Decimal("0.01")

# code -> (list price, base units per day, 商品ID)
SKUS = {
    "CC-A": (Decimal("99.00"), 12, "700000000001"),
    "CC-B": (Decimal("59.00"), 9, "700000000002"),
    "CC-C": (Decimal("39.00"), 8, "700000000003"),
    "CC-D": (Decimal("129.00"), 6, "700000000004"),
    "CC-E": (Decimal("25.00"), 10, "700000000005"),
    "CC-F": (Decimal("199.00"), 4, "700000000006"),
}
WEEKDAY = (1.0, 0.95, 0.95, 1.0, 1.1, 1.3, 1.35)
QUIET_VOLUME_ONLY = (20, "CC-B", 3.5)  # day, SKU, units factor at full price: not a candidate
QUIET_PRICE_ONLY = (33, "CC-D", 0.25)  # day, SKU, price cut at ordinary units: not a candidate
STORE_SPIKE = (44, 2.2)
JHS = {55: ("CC-A", "CC-C", "CC-E"), 76: ("CC-B", "CC-D")}
JHS_FACTOR, JHS_CUT = 5.0, Decimal("0.20")
EVIDENCE_DAY = (66, "CC-F", 1.5)  # 1.5x units at -20%: below the thresholds, found through 聚划算支付金额
UNKNOWN_ITEM = (70, "799999999999", Decimal("1000.00"))  # 聚划算支付金额 of an item no order line names


def day(index: int) -> date:
    return FIRST_DAY + timedelta(days=index)


@dataclass
class Series:
    """What the fixture sold: per (sku, day index) units and paid amount; per day index the store's GMV."""

    units: dict[tuple[str, int], int] = field(default_factory=dict)
    paid: dict[tuple[str, int], Decimal] = field(default_factory=dict)
    orders: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)

    def gmv(self, index: int) -> Decimal:
        return sum((self.paid.get((sku, index), Decimal(0)) for sku in SKUS), Decimal(0))


def build_series(*, campaign: bool, evidence: bool = False, seed: int = 7) -> Series:
    """The 90-day series; `campaign` adds the store spike and the two 聚划算 days, `evidence` the day-66 cut."""
    rng = random.Random(seed)
    out = Series()
    serial = 0
    for index in range(DAYS):
        current = day(index)
        for sku_index, (sku, (price, base, item)) in enumerate(SKUS.items()):
            units = max(0, round(base * WEEKDAY[current.weekday()] * rng.lognormvariate(0, 0.15)))
            cut = Decimal(0)
            if (index, sku) == QUIET_VOLUME_ONLY[:2]:
                units = round(units * QUIET_VOLUME_ONLY[2])
            if (index, sku) == QUIET_PRICE_ONLY[:2]:
                cut = Decimal(str(QUIET_PRICE_ONLY[2]))
            if campaign and index == STORE_SPIKE[0]:
                units = round(units * STORE_SPIKE[1])
            if campaign and sku in JHS.get(index, ()):
                units, cut = round(units * JHS_FACTOR), JHS_CUT
            if evidence and (index, sku) == EVIDENCE_DAY[:2]:
                units, cut = round(units * EVIDENCE_DAY[2]), JHS_CUT
            left = units
            while left > 0:
                qty = 2 if left >= 2 and rng.random() < 0.25 else 1
                left -= qty
                coupon = Decimal("5.00") if price >= 50 and rng.random() < 0.1 else Decimal(0)
                amount = (price * qty * (1 - cut) - coupon).quantize(CENT, ROUND_HALF_UP)
                serial += 1
                order_id = f"35{index:03d}{sku_index}{serial:013d}"
                paid_at = datetime.combine(current, datetime.min.time()) + timedelta(
                    hours=9, seconds=serial % 40000
                )
                created = paid_at - timedelta(minutes=2)
                stamp, created_stamp = f"{paid_at:%Y-%m-%d %H:%M:%S}", f"{created:%Y-%m-%d %H:%M:%S}"
                out.orders.append(
                    order(
                        order_id,
                        f"tb_buyer{serial % 997}",
                        "交易成功",
                        f"{amount:.2f}",
                        stamp,
                        created_stamp,
                        宝贝总数量=str(qty),
                        宝贝标题=f"测试商品 {sku}",
                    )  # fmt: skip
                )
                out.lines.append(
                    {
                        "子订单编号": f"36{order_id[2:]}",
                        "主订单编号": order_id,
                        "商品标题": f"测试商品 {sku}",
                        "商品价格": f"{price:.2f}",
                        "购买数量": str(qty),
                        "外部系统编号": sku,
                        "商家编码": sku,
                        "商品属性": "颜色分类：默认",
                        "订单状态": "交易成功",
                        "买家应付货款": f"{amount:.2f}",
                        "买家实付金额": f"{amount:.2f}",
                        "退款状态": "没有申请退款",
                        "退款金额": "0.00",
                        "订单创建时间": created_stamp,
                        "订单付款时间": stamp,
                        "商品ID": item,
                    }
                )
                out.units[(sku, index)] = out.units.get((sku, index), 0) + qty
                out.paid[(sku, index)] = out.paid.get((sku, index), Decimal(0)) + amount
    return out


PRODUCT_HEADERS = [
    "统计日期",
    "商品ID",
    "商品名称",
    "商品访客数",
    "支付件数",
    "支付金额",
    "商品支付转化率",
    "聚划算支付金额",
]


def product_rows(series: Series) -> list[dict]:
    """生意参谋 商品_全部 rows: 聚划算支付金额 on day 55 for CC-A's item, day 66 for CC-F's item and day 70
    for an item no order line names; plus ordinary rows with 0 (which must not count)."""

    def row(index: int, item: str, name: str, amount: Decimal, jhs: Decimal, units: int) -> dict:
        return {
            "统计日期": day(index).isoformat(),
            "商品ID": item,
            "商品名称": name,
            "商品访客数": 200,
            "支付件数": units,
            "支付金额": float(amount),
            "商品支付转化率": "4.50%",
            "聚划算支付金额": float(jhs),
        }

    rows = []
    for index in (54, 55, 65, 66):
        for sku, (_, _, item) in SKUS.items():
            amount = series.paid.get((sku, index), Decimal(0))
            jhs = amount if (index, sku) in {(55, "CC-A"), EVIDENCE_DAY[:2]} else Decimal(0)
            rows.append(row(index, item, f"测试商品 {sku}", amount, jhs, series.units.get((sku, index), 0)))
    index, item, amount = UNKNOWN_ITEM
    rows.append(row(index, item, "已下架商品", amount, amount, 10))
    return rows


def build_db(folder: Path, series: Series, *, products: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = f"{day(DAYS) + timedelta(days=1):%Y%m%d}0930"
    orders = write_csv(folder / f"ExportOrderList{stamp}.csv", ORDER_G3, series.orders)
    lines = write_csv(folder / f"ExportOrderDetailList{stamp}.csv", DETAIL_G4, series.lines)
    path = folder / "store.duckdb"
    conn = db.connect(path)
    try:
        for export in (orders, lines):
            result = imp(conn, export, store=STORE)
            assert result.status == "imported", result.error
        if products:
            name = f"【生意参谋平台】商品_全部_{day(0)}_{day(DAYS - 1)}.xlsx"
            sheet = write_xlsx(
                folder / name,
                PRODUCT_HEADERS,
                product_rows(series),
                title_lines=("【生意参谋平台】商品_全部", f"统计时间：{day(0)} ~ {day(DAYS - 1)}"),
            )
            result = imp(conn, sheet, store=STORE)
            assert (result.status, result.kind) == ("imported", "sycm_products"), result.error
    finally:
        conn.close()
    return path


@pytest.fixture(scope="module")
def quiet(tmp_path_factory) -> tuple[Path, Series]:
    series = build_series(campaign=False)
    return build_db(tmp_path_factory.mktemp("quiet"), series), series


@pytest.fixture(scope="module")
def campaign(tmp_path_factory) -> tuple[Path, Series]:
    series = build_series(campaign=True)
    return build_db(tmp_path_factory.mktemp("campaign"), series), series


@pytest.fixture(scope="module")
def evidence(tmp_path_factory) -> tuple[Path, Series]:
    """The campaign series plus the day-66 cut, a 生意参谋 商品 file, and a calendar campaign on day 76."""
    series = build_series(campaign=True, evidence=True)
    path = build_db(tmp_path_factory.mktemp("evidence"), series, products=True)
    conn = db.connect(path)
    try:
        conn.execute(
            "INSERT INTO campaigns (campaign_id, store, name, campaign_type, source, updated_at) "
            "VALUES (?, ?, ?, '聚划算', 'editor', ?)",
            [1, STORE, "三月聚划算", datetime(2026, 3, 1, 9, 0)],
        )
        conn.execute(
            "INSERT INTO campaign_phases (campaign_id, phase, starts_at, ends_at) VALUES (?, '活动', ?, ?)",
            [
                1,
                datetime.combine(day(76), datetime.min.time()),
                datetime.combine(day(76), datetime.max.time()),
            ],
        )
    finally:
        conn.close()
    return path, series


def candidates(path: Path, **options):
    conn = db.connect(path, read_only=True)
    try:
        return campaign_candidates(conn, **options)
    finally:
        conn.close()


# --- hand computation -------------------------------------------------------------------------------------


def baseline(series: Series, sku: str, index: int) -> tuple[float, float]:
    """(median units, median daily average price) of the previous 28 days, from the SKU's first sale day."""
    first = min(i for (s, i), n in series.units.items() if s == sku and n > 0)
    window = [i for i in range(index - 28, index) if i >= first]
    units = [series.units.get((sku, i), 0) for i in window]
    prices = [
        float(series.paid[(sku, i)]) / series.units[(sku, i)] for i in window if series.units.get((sku, i))
    ]
    return statistics.median(units), statistics.median(prices)


def expected_day(series: Series, index: int, skus) -> dict:
    units = sum(series.units[(s, index)] for s in skus)
    revenue = sum(float(series.paid[(s, index)]) for s in skus)
    bases = {s: baseline(series, s, index) for s in skus}
    lifts = {s: series.units[(s, index)] / max(bases[s][0], 1) for s in skus}
    return {
        "skus": sorted(skus, key=lambda s: (-lifts[s], s)),
        "volume_ratio": units / sum(b[0] for b in bases.values()),
        "price_drop": 1 - revenue / sum(series.units[(s, index)] * bases[s][1] for s in skus),
    }


def noise_free_ratio(index: int, skus) -> float:
    """The injected volume ratio without noise: 5x the weekday's expected units over the noise-free median."""
    expected = {s: [SKUS[s][1] * WEEKDAY[day(i).weekday()] for i in range(index - 28, index)] for s in skus}
    today = sum(JHS_FACTOR * SKUS[s][1] * WEEKDAY[day(index).weekday()] for s in skus)
    return today / sum(statistics.median(values) for values in expected.values())


def store_ratio(series: Series, index: int) -> float:
    history = [float(series.gmv(i)) for i in range(index - 56, index, 7) if i >= 0]
    return float(series.gmv(index)) / statistics.median(history)


# --- tests ------------------------------------------------------------------------------------------------


def test_quiet_series_has_no_candidates(quiet):
    path, series = quiet
    frame = candidates(path)
    assert list(frame.columns) == CANDIDATE_COLUMNS
    assert frame.empty, frame[["date", "kind", "skus", "evidence"]].to_string()
    # The single-signal days are really there: volume without a price cut, a price cut without volume.
    d, sku, factor = QUIET_VOLUME_ONLY
    assert series.units[(sku, d)] >= 3 * baseline(series, sku, d)[0]
    d, sku, _ = QUIET_PRICE_ONLY
    assert float(series.paid[(sku, d)]) / series.units[(sku, d)] < 0.8 * baseline(series, sku, d)[1]


def test_injected_campaign_days_and_skus_are_found(campaign):
    path, series = campaign
    frame = candidates(path, store=STORE)
    found = {row["date"]: row for row in frame.to_dict("records")}
    assert set(found) == {day(STORE_SPIKE[0]), *(day(i) for i in JHS)}, frame[["date", "kind", "skus"]]
    for index, skus in JHS.items():
        row = found[day(index)]
        hand = expected_day(series, index, skus)
        assert row["kind"] == "sku"
        assert row["skus"] == hand["skus"]  # exactly the injected SKUs, most-lifted first
        assert row["sku_count"] == len(skus)
        assert row["sku_units"] == sum(series.units[(s, index)] for s in skus)
        assert row["sku_gmv"] == sum(series.paid[(s, index)] for s in skus)
        assert row["volume_ratio"] == pytest.approx(hand["volume_ratio"], rel=1e-9)
        assert row["price_drop"] == pytest.approx(hand["price_drop"], rel=1e-9)
        assert row["volume_ratio"] == pytest.approx(noise_free_ratio(index, skus), rel=0.35)
        assert row["price_drop"] == pytest.approx(float(JHS_CUT), abs=0.03)
        assert row["store_gmv"] == series.gmv(index)
        assert row["jhs_pay_amount"] is None and row["jhs_items"] == [] and row["in_calendar"] is None
        assert row["evidence"].startswith(f"{len(skus)} 个SKU销量为基线 {hand['volume_ratio']:.1f} 倍")
        assert f"{len(skus)} SKUs at {hand['volume_ratio']:.1f}x baseline units" in row["evidence"]
        assert f"price −{hand['price_drop']:.0%}" in row["evidence"]


def test_store_wide_spike_is_kind_store(campaign):
    path, series = campaign
    frame = candidates(path, store=STORE)
    row = frame[frame["date"] == day(STORE_SPIKE[0])].iloc[0]
    assert row["kind"] == "store" and row["skus"] == [] and bool(row["store_spike"])
    assert row["volume_ratio"] != row["volume_ratio"]  # NaN: no SKU on a store row
    assert row["store_gmv"] == series.gmv(STORE_SPIKE[0])
    assert row["store_gmv_ratio"] == pytest.approx(store_ratio(series, STORE_SPIKE[0]), rel=1e-9)
    assert row["store_gmv_ratio"] == pytest.approx(STORE_SPIKE[1], rel=0.15)
    assert row["evidence"].startswith("全店支付金额 ¥")
    assert "x its weekday baseline" in row["evidence"]


def test_range_and_thresholds(campaign):
    path, _ = campaign
    only = candidates(path, store=STORE, start=day(50), end=day(60))
    assert list(only["date"]) == [day(55)]  # history before `start` still feeds the baseline
    stricter = candidates(path, store=STORE, min_price_drop=0.25, min_store_ratio=3.0)
    assert stricter.empty
    assert candidates(path, store="没有这个店").empty
    with pytest.raises(ValueError, match="min_price_drop"):
        candidates(path, min_price_drop=1.5)
    with pytest.raises(ValueError, match="after"):
        candidates(path, start=day(10), end=day(5))


def test_jhs_pay_amount_raises_evidence_and_calendar_is_marked(evidence):
    path, series = evidence
    frame = candidates(path, store=STORE)
    found = {row["date"]: row for row in frame.to_dict("records")}
    assert set(found) == {day(44), day(55), day(76), day(EVIDENCE_DAY[0]), day(UNKNOWN_ITEM[0])}
    # Day 55: found by the thresholds, and 生意参谋 confirms it for CC-A's item.
    row = found[day(55)]
    assert row["kind"] == "sku" and set(row["skus"]) == set(JHS[55])
    assert row["jhs_pay_amount"] == series.paid[("CC-A", 55)]
    assert row["jhs_items"] == [SKUS["CC-A"][2]]
    amount = f"¥{series.paid[('CC-A', 55)]:,.0f}"
    assert f"生意参谋聚划算支付金额 {amount}" in row["evidence"]
    assert f"生意参谋 JHS pay amount {amount}" in row["evidence"]
    # Day 66: below the thresholds (1.5x, 6 units); only the 聚划算支付金额 names the day, mapped to CC-F.
    index, sku, factor = EVIDENCE_DAY
    row = found[day(index)]
    assert row["kind"] == "sku" and row["skus"] == [sku]
    assert row["jhs_pay_amount"] == series.paid[(sku, index)]
    hand = expected_day(series, index, [sku])
    assert row["volume_ratio"] == pytest.approx(hand["volume_ratio"], rel=1e-9)
    assert row["price_drop"] == pytest.approx(float(JHS_CUT), abs=0.03)
    # Day 70: an item no order line names: kind 'item', the item id in the evidence.
    index, item, amount = UNKNOWN_ITEM
    row = found[day(index)]
    assert (row["kind"], row["skus"], row["jhs_items"], row["jhs_pay_amount"]) == ("item", [], [item], amount)
    assert item in row["evidence"]
    # Day 76 is in the calendar: still listed, marked with the campaign's name.
    row = found[day(76)]
    assert row["in_calendar"] == "三月聚划算" and set(row["skus"]) == set(JHS[76])
    assert "已在活动日历：三月聚划算" in row["evidence"]
    assert all(found[d]["in_calendar"] is None for d in found if d != day(76))


def test_every_candidate_column_has_a_definition():
    for column in CANDIDATE_COLUMNS:
        entry = METRIC_DEFINITIONS.get(column)
        assert entry, f"no definition for {column}"
        assert all(entry[k].strip() for k in ("zh", "en", "label_zh", "label_en", "unit")), column


def test_cli_prints_the_contract_fields(campaign):
    path, series = campaign
    env = {k: v for k, v in os.environ.items() if k != db.DB_ENV_VAR}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "metrics",
            "campaign-candidates",
            "--db",
            str(path),
            "--store",
            STORE,
            "--json",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["date"] for r in rows] == [day(i).isoformat() for i in (44, 55, 76)]
    for row in rows:
        assert {"date", "skus", "price_drop", "volume_ratio", "evidence"} <= row.keys()
        assert isinstance(row["skus"], list) and all(isinstance(s, str) for s in row["skus"])
    assert rows[1]["skus"] == expected_day(series, 55, JHS[55])["skus"]
    assert rows[1]["price_drop"] == pytest.approx(float(JHS_CUT), abs=0.03)
    assert rows[0]["skus"] == [] and rows[0]["price_drop"] is None
    # --from/--to narrow the days; the table form prints too.
    done = subprocess.run(
        [sys.executable, "-m", "metrics", "campaign-candidates", "--db", str(path), "--from",
         day(70).isoformat(), "--to", day(80).isoformat()],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert day(76).isoformat() in done.stdout and day(55).isoformat() not in done.stdout


# --- the demo store -------------------------------------------------------------------------------------

DEMO_END = default_end_date()  # the shared demo database (conftest.demo_db) ends yesterday


def test_demo_store_jhs_days_are_found(demo_db):
    from data.demo import DEFAULT_SEED
    from data.demo_model import simulate

    events = simulate(DEMO_END, DEFAULT_SEED).jhs
    assert len(events) == 2 and all(2 <= len(e.skus) <= 4 for e in events)
    frame = candidates(demo_db)
    rows = {row["date"]: row for row in frame.to_dict("records")}
    print("\ndemo candidates:\n" + frame[["date", "kind", "skus", "volume_ratio", "price_drop"]].to_string())
    for event in events:
        row = rows.get(event.day)
        assert row is not None, f"聚划算 day {event.day} not found"
        assert row["kind"] == "sku" and set(event.skus) <= set(row["skus"]), (event, row["skus"])
    others = [r for d, r in rows.items() if d not in {e.day for e in events} and r["kind"] == "sku"]
    assert len(others) <= 2, others
    fixed = campaign_days(min(rows, default=DEMO_END), DEMO_END)
    assert not [d for d, r in rows.items() if d in fixed and r["kind"] != "item"]  # Double 11 is not 聚划算
    assert not [d for d in rows if d.month == 11 and d.day <= 15]


def test_sku_days_match_the_full_join_on_the_demo_store(demo_db):
    """SKU_DAY_SQL reads the SKU days the imports keep (sku_daily); on the demo store (Double 11 presales, and a
    first month in the old 10-column detail layout without payment times) that must equal joining every line
    to its order and dating it by paid_at."""
    from metrics.campaign_candidates import SKU_DAY_SQL

    full_join = """
        SELECT l.store, l.sku, CAST(o.paid_at AS DATE) AS date, sum(l.quantity) AS units,
               sum(coalesce(l.paid_amount, l.unit_price * l.quantity)) AS revenue
        FROM order_lines AS l JOIN orders AS o ON o.store = l.store AND o.order_id = l.order_id
        WHERE o.paid_at IS NOT NULL AND l.sku <> '' AND l.quantity > 0
        GROUP BY ALL
    """
    params = {"store": None, "history_start": date(2000, 1, 1), "end_d": date(2100, 1, 1)}
    conn = db.connect(demo_db, read_only=True)
    try:
        ours = conn.execute(
            SKU_DAY_SQL + " SELECT store, sku, date, units, revenue FROM line_days ORDER BY ALL", params
        ).fetchall()
        joined = conn.execute(f"SELECT * FROM ({full_join}) ORDER BY ALL").fetchall()  # noqa: S608
        presale_lines, undated_lines = conn.execute(
            "SELECT count(*) FILTER (WHERE o.is_presale), count(*) FILTER (WHERE l.pay_time IS NULL) "
            "FROM order_lines AS l JOIN orders AS o USING (store, order_id)"
        ).fetchall()[0]
    finally:
        conn.close()
    assert presale_lines > 0 and undated_lines > 0  # both special paths are exercised
    assert ours == joined
