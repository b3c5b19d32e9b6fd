"""The app's one DuckDB connection, cursors for reads and serialised writes, and bounded query caches.

The process holds one read-write connection (st.cache_resource, one per database path) because DuckDB allows
one writing process per file. Every query runs on its own cursor; every write also holds db.WRITE_LOCK, so
imports from several browser sessions queue up instead of clashing. Cached results (st.cache_data, bounded)
are keyed on the database path and db.data_version(), which every import bumps, so new data shows at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

import db

_CACHE = {"max_entries": 256, "ttl": 3600, "show_spinner": False}


@st.cache_resource(show_spinner=False, validate=lambda conn: _is_open(conn))
def _open(path: str) -> duckdb.DuckDBPyConnection:
    """Open the database at `path` once per process (raises db.DatabaseLocked when another process has it)."""
    return db.connect(path)


def _is_open(conn: duckdb.DuckDBPyConnection) -> bool:
    """Whether a cached connection still works (it is reopened otherwise)."""
    try:
        conn.execute("SELECT 1").fetchone()
    except duckdb.Error:
        return False
    return True


def db_path() -> Path:
    """The database file this process uses (STORE_OPS_DB, else data/store.duckdb)."""
    return db.default_db_path().resolve()


def get_connection() -> duckdb.DuckDBPyConnection:
    """The shared connection for the configured database (cached per path, so tests can switch files)."""
    return _open(str(db_path()))


@contextmanager
def read_cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the shared connection for one read; closed afterwards."""
    cur = get_connection().cursor()
    try:
        yield cur
    finally:
        cur.close()


@contextmanager
def write_cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor that holds db.WRITE_LOCK: the single funnel for imports and demo load/removal."""
    with db.WRITE_LOCK:
        cur = get_connection().cursor()
        try:
            yield cur
        finally:
            cur.close()


def data_version() -> int:
    """The current data version (cheap; read on every rerun to key the caches)."""
    with read_cursor() as cur:
        return db.data_version(cur)


def work_folder(name: str) -> Path:
    """A private folder next to the database (demo exports, upload temp files), created on demand."""
    folder = db_path().parent / name
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


# ---- cached reads: the underscore-free arguments (path, version, filters) are the cache key ----


@st.cache_data(**_CACHE)
def _stores(path: str, version: int) -> pd.DataFrame:
    with read_cursor() as cur:
        return cur.execute("SELECT store, is_demo FROM stores ORDER BY store").df()


def stores() -> pd.DataFrame:
    """All stores with their demo flag: columns store, is_demo."""
    return _stores(str(db_path()), data_version())


@st.cache_data(**_CACHE)
def _sales(path: str, version: int, by: str, start, end, store) -> pd.DataFrame:
    from metrics import sales as sales_metrics

    with read_cursor() as cur:
        return sales_metrics.sales_by_period(cur, by=by, start=start, end=end, store=store)


def sales(
    by: str, start: dt.date | None = None, end: dt.date | None = None, store: str | None = None
) -> pd.DataFrame:
    """metrics.sales.sales_by_period, cached: period, paid_gmv, refunds, net_sales, paid_orders, ..."""
    return _sales(str(db_path()), data_version(), by, start, end, store)


@st.cache_data(**_CACHE)
def _sales_summary(path: str, version: int, start, end, store) -> dict:
    from metrics import sales as sales_metrics

    with read_cursor() as cur:
        return sales_metrics.sales_summary(cur, start=start, end=end, store=store)


def sales_summary(start: dt.date | None, end: dt.date | None, store: str | None = None) -> dict:
    """metrics.sales.sales_summary, cached: range totals with buyers distinct over the whole range."""
    return _sales_summary(str(db_path()), data_version(), start, end, store)


@st.cache_data(**_CACHE)
def _sales_dates(path: str, version: int, store) -> tuple[dt.date | None, dt.date | None]:
    from metrics import sales as sales_metrics

    with read_cursor() as cur:
        return sales_metrics.date_range(cur, store=store)


def sales_dates(store: str | None = None) -> tuple[dt.date | None, dt.date | None]:
    """(first, last) payment date of any paid order, (None, None) when there is none."""
    return _sales_dates(str(db_path()), data_version(), store)


@st.cache_data(**_CACHE)
def _traffic(path: str, version: int, by: str, start, end, store) -> pd.DataFrame:
    from metrics import traffic as traffic_metrics

    with read_cursor() as cur:
        return traffic_metrics.traffic_by_period(cur, by=by, start=start, end=end, store=store)


def traffic(
    by: str, start: dt.date | None = None, end: dt.date | None = None, store: str | None = None
) -> pd.DataFrame:
    """metrics.traffic.traffic_by_period, cached: period, visitors, page_views, pay_amount, pay_buyers, ..."""
    return _traffic(str(db_path()), data_version(), by, start, end, store)


def traffic_summary(start: dt.date | None, end: dt.date | None, store: str | None = None) -> dict:
    """Range totals of 生意参谋 traffic: visitors (sum of daily UV) and pay_conversion (Σ buyers / Σ visitors).

    Follows metrics.definitions (visitors are summed by day; ratios recomputed from sums). Values are None
    when the range has no traffic data. metrics.traffic has no range summary yet; move this there when it does.
    """
    daily = traffic("day", start, end, store)
    visitors = (
        pd.to_numeric(daily["visitors"], errors="coerce") if not daily.empty else pd.Series(dtype=float)
    )
    buyers = (
        pd.to_numeric(daily["pay_buyers"], errors="coerce") if not daily.empty else pd.Series(dtype=float)
    )
    total_visitors = None if visitors.isna().all() else float(visitors.sum())
    total_buyers = None if buyers.isna().all() else float(buyers.sum())
    conversion = total_buyers / total_visitors if total_visitors and total_buyers is not None else None
    return {"visitors": total_visitors, "pay_buyers": total_buyers, "pay_conversion": conversion}


# The load log is read fresh every time: a load that changed nothing (an 'unchanged' or rejected file) is
# still a new row in `loads` but does not bump the data version. Both queries are small (LIMIT, one load_id).


def load_history(limit: int = 200) -> pd.DataFrame:
    """The `loads` log, newest first (connectors.load_history)."""
    import connectors

    with read_cursor() as cur:
        return connectors.load_history(cur, limit)


def load_rejections(load_id: int) -> pd.DataFrame:
    """Rejected rows of one load: line, column_name, value, reason."""
    import connectors

    with read_cursor() as cur:
        return connectors.load_rejections(cur, int(load_id))


# ---- sales plan and pacing (plans/, metrics.targets, metrics.attainment, metrics.drivers) ----


@st.cache_data(**_CACHE)
def _attainment(path: str, version: int, month: str, as_of, store) -> pd.DataFrame:
    import metrics

    with read_cursor() as cur:
        return metrics.attainment(cur, month=month, as_of=as_of, store=store)


def attainment(month: str, as_of: dt.date, store: str | None = None) -> pd.DataFrame:
    """metrics.attainment.attainment, cached: one row per store (target, actual, attainment, gap, ...)."""
    return _attainment(str(db_path()), data_version(), month, as_of, store)


@st.cache_data(**_CACHE)
def _drivers(path: str, version: int, month: str, as_of, store, against: str) -> pd.DataFrame:
    import metrics

    with read_cursor() as cur:
        return metrics.drivers(cur, month=month, as_of=as_of, store=store, against=against)


def drivers(month: str, as_of: dt.date, store: str | None = None, against: str = "target") -> pd.DataFrame:
    """metrics.drivers.drivers, cached: visitors, conversion and order value against target, with the gap
    each explains."""
    return _drivers(str(db_path()), data_version(), month, as_of, store, against)


@st.cache_data(**_CACHE)
def _daily_targets(path: str, version: int, store: str, month: str, as_of) -> pd.DataFrame:
    import metrics

    with read_cursor() as cur:
        return metrics.daily_targets(cur, store=store, month=month, as_of=as_of)


def daily_targets(store: str, month: str, as_of: dt.date) -> pd.DataFrame:
    """metrics.targets.daily_targets, cached: date, weight, gmv_target, overridden, actual_gmv."""
    return _daily_targets(str(db_path()), data_version(), store, month, as_of)


@st.cache_data(**_CACHE)
def _draft_plan(path: str, version: int, store: str, year: int, annual_target: float) -> pd.DataFrame:
    import metrics

    with read_cursor() as cur:
        return metrics.draft_plan(cur, store=store, year=year, annual_target=annual_target)


def draft_plan(store: str, year: int, annual_target: float) -> pd.DataFrame:
    """metrics.targets.draft_plan, cached: the annual target split over the year's months."""
    return _draft_plan(str(db_path()), data_version(), store, int(year), float(annual_target))


@st.cache_data(**_CACHE)
def _plan_in_force(path: str, version: int, store, year) -> pd.DataFrame:
    import plans

    with read_cursor() as cur:
        return plans.plan_in_force(cur, store=store, year=year)


def plan_in_force(store: str | None = None, year: int | None = None) -> pd.DataFrame:
    """plans.plan_in_force, cached: the monthly targets in force (one row per store and month)."""
    return _plan_in_force(str(db_path()), data_version(), store, year)


@st.cache_data(**_CACHE)
def _annual_targets(path: str, version: int, year: int, store) -> pd.DataFrame:
    import plans

    with read_cursor() as cur:
        return plans.annual_targets(cur, year=year, store=store)


def annual_targets(year: int, store: str | None = None) -> pd.DataFrame:
    """plans.annual_targets, cached: store, year, annual_target, months_sum, difference, annual_is_set."""
    return _annual_targets(str(db_path()), data_version(), int(year), store)


@st.cache_data(**_CACHE)
def _plan_history(path: str, version: int, store, period, limit: int) -> pd.DataFrame:
    import plans

    with read_cursor() as cur:
        return plans.plan_history(cur, store=store, period=period, limit=limit)


def plan_history(store: str | None = None, period: str | None = None, limit: int = 500) -> pd.DataFrame:
    """plans.plan_history, cached: every change (who, when, field, old and new value, version), newest first."""
    return _plan_history(str(db_path()), data_version(), store, period, limit)


@st.cache_data(**_CACHE)
def _day_overrides(path: str, version: int, store: str, month: str) -> pd.DataFrame:
    import plans

    with read_cursor() as cur:
        return plans.day_overrides(cur, store=store, month=month)


def day_overrides(store: str, month: str) -> pd.DataFrame:
    """plans.day_overrides, cached: the days of a month whose target was set by hand."""
    return _day_overrides(str(db_path()), data_version(), store, month)


# ---- campaign calendar and review (metrics.calendar, metrics.campaign_review, metrics.campaign_candidates) ----


@st.cache_data(**_CACHE)
def _campaign_calendar(path: str, version: int, store) -> pd.DataFrame:
    from metrics.calendar import campaign_calendar as calendar

    with read_cursor() as cur:
        return calendar(cur, store=store)


def campaign_calendar(store: str | None = None) -> pd.DataFrame:
    """metrics.calendar.campaign_calendar, cached: one row per campaign (campaign_id, store, name,
    campaign_type, starts_at, ends_at, phases text, skus list, target, costs, source, updated_by, …)."""
    return _campaign_calendar(str(db_path()), data_version(), store)


@st.cache_data(**_CACHE)
def _campaign_review(
    path: str, version: int, campaign_id: int, as_of, post_days: int, baseline_days: int, store
):
    from metrics.campaign_review import campaign_review as review

    with read_cursor() as cur:
        return review(
            cur,
            campaign=int(campaign_id),
            as_of=as_of,
            post_days=post_days,
            baseline_days=baseline_days,
            store=store,
        )


def campaign_review(
    campaign_id: int,
    *,
    as_of: dt.date | None = None,
    post_days: int = 14,
    baseline_days: int = 28,
    store: str | None = None,
):
    """metrics.campaign_review.campaign_review of one campaign (by id), cached: a CampaignReview (summary
    dict and the phases, timeline, presale and skus frames; pickled by st.cache_data, so each caller gets
    its own copy)."""
    return _campaign_review(
        str(db_path()), data_version(), int(campaign_id), as_of, int(post_days), int(baseline_days), store
    )


@st.cache_data(**_CACHE)
def _campaign_comparison(
    path: str, version: int, campaign_id: int, as_of, post_days: int, baseline_days: int, store
) -> pd.DataFrame:
    from metrics.campaign_review import campaign_comparison as comparison

    with read_cursor() as cur:
        return comparison(
            cur,
            int(campaign_id),
            as_of=as_of,
            store=store,
            post_days=post_days,
            baseline_days=baseline_days,
        )


def campaign_comparison(
    campaign_id: int,
    *,
    as_of: dt.date | None = None,
    post_days: int = 14,
    baseline_days: int = 28,
    store: str | None = None,
) -> pd.DataFrame:
    """metrics.campaign_review.campaign_comparison, cached: one row per edition ('this', 'last_year',
    'previous') with the summary columns."""
    return _campaign_comparison(
        str(db_path()), data_version(), int(campaign_id), as_of, int(post_days), int(baseline_days), store
    )


@st.cache_data(**_CACHE)
def _campaign_candidates(path: str, version: int, store, start, end) -> pd.DataFrame:
    from metrics.campaign_candidates import campaign_candidates as candidates

    with read_cursor() as cur:
        return candidates(cur, store=store, start=start, end=end)


def campaign_candidates(
    store: str | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """metrics.campaign_candidates.campaign_candidates, cached: one row per store and candidate day (date,
    kind, skus list, volume_ratio, price_drop, evidence, in_calendar, …)."""
    return _campaign_candidates(str(db_path()), data_version(), store, start, end)


# ---- restock and product structure (metrics.restock, metrics.products, skus/) ----


@st.cache_data(**_CACHE)
def _restock(path: str, version: int, as_of, store) -> pd.DataFrame:
    from metrics.restock import restock as compute

    with read_cursor() as cur:
        return compute(cur, as_of=as_of, store=store)


def restock(as_of: dt.date, store: str | None = None) -> pd.DataFrame:
    """metrics.restock.restock, cached: one row per store and SKU, most urgent first (status, suggested_qty,
    order_by, explanation, stale_snapshot, …)."""
    return _restock(str(db_path()), data_version(), as_of, store)


@st.cache_data(**_CACHE)
def _projected_stock(path: str, version: int, store: str, sku: str, as_of, days: int) -> pd.DataFrame:
    from metrics.restock import projected_stock as compute

    with read_cursor() as cur:
        return compute(cur, store=store, sku=sku, as_of=as_of, days=days)


def projected_stock(store: str, sku: str, as_of: dt.date, days: int = 60) -> pd.DataFrame:
    """metrics.restock.projected_stock, cached: one row per day 0..days of one SKU's projected stock."""
    return _projected_stock(str(db_path()), data_version(), store, sku, as_of, int(days))


@st.cache_data(**_CACHE)
def _snapshot_dates(path: str, version: int, store) -> list[dt.date]:
    from metrics.inventory import snapshot_dates as dates

    with read_cursor() as cur:
        return dates(cur, store=store)


def snapshot_dates(store: str | None = None) -> list[dt.date]:
    """metrics.inventory.snapshot_dates, cached: the days with a stock snapshot, oldest first."""
    return _snapshot_dates(str(db_path()), data_version(), store)


@st.cache_data(**_CACHE)
def _product_structure(
    path: str, version: int, start, end, store, a_share: float, b_share: float, new_days: int, stop_days: int
) -> pd.DataFrame:
    from metrics.products import product_structure as compute

    with read_cursor() as cur:
        return compute(
            cur,
            start=start,
            end=end,
            store=store,
            a_share=a_share,
            b_share=b_share,
            new_days=new_days,
            stop_days=stop_days,
        )


def product_structure(
    start: dt.date,
    end: dt.date,
    store: str | None = None,
    *,
    a_share: float = 0.7,
    b_share: float = 0.9,
    new_days: int = 90,
    stop_days: int = 30,
) -> pd.DataFrame:
    """metrics.products.product_structure, cached: one row per store and SKU (gmv, share, cum_share,
    abc_class, is_new, growth, status, …)."""
    return _product_structure(
        str(db_path()), data_version(), start, end, store, float(a_share), float(b_share), int(new_days),
        int(stop_days),
    )  # fmt: skip


@st.cache_data(**_CACHE)
def _new_old_by_month(path: str, version: int, start, end, store, new_days: int) -> pd.DataFrame:
    from metrics.products import new_old_by_month as compute

    with read_cursor() as cur:
        return compute(cur, start=start, end=end, store=store, new_days=new_days)


def new_old_by_month(
    start: dt.date, end: dt.date, store: str | None = None, new_days: int = 90
) -> pd.DataFrame:
    """metrics.products.new_old_by_month, cached: month, new_gmv, old_gmv, new_share."""
    return _new_old_by_month(str(db_path()), data_version(), start, end, store, int(new_days))


@st.cache_data(**_CACHE)
def _store_defaults(path: str, version: int, store: str) -> dict:
    from skus import store_defaults as defaults

    with read_cursor() as cur:
        return defaults(cur, store)


def store_defaults(store: str) -> dict:
    """skus.store_defaults, cached: the store-wide restock defaults that are set (key -> parsed value)."""
    return _store_defaults(str(db_path()), data_version(), store)


@st.cache_data(**_CACHE)
def _sku_settings_template(path: str, version: int, store: str) -> pd.DataFrame:
    from skus import template_frame

    with read_cursor() as cur:
        return template_frame(cur, store)


def sku_settings_template(store: str) -> pd.DataFrame:
    """skus.template_frame, cached: one row per SKU known for the store with its settings (Chinese headers)."""
    return _sku_settings_template(str(db_path()), data_version(), store)
