"""Product structure (货品结构): ABC classes by GMV share, new against old goods, growth, stopped SKUs.

    product_structure(conn, *, start, end, store=None, a_share=0.7, b_share=0.9, new_days=90, stop_days=30)
        one row per store and SKU that sold in [start, end] or in the previous period (PRODUCT_COLUMNS):
        store, sku, title, gmv (yuan, Decimal), units (Int64), share, cum_share (fractions of the store's GMV
        in the period), abc_class ('A' | 'B' | 'C'), first_sale (date), last_sale (date), is_new (bool),
        previous_gmv (yuan, same-length period just before), growth (fraction; NaN without previous GMV),
        status ('在售' | '停售'); sorted by store, GMV descending, SKU.
    new_old_by_month(conn, *, start, end, store=None, new_days=90)  one row per month 'YYYY-MM' in the range
        (all stores summed when store is None): month, new_gmv, old_gmv (yuan), new_share (fraction)
    stopped_selling(...)  the rows of product_structure with status 停售
    abc_classes(gmv, a_share, b_share)  the class of each SKU from its GMV (the rule below)

Rules (口径):
- GMV is the paid_amount of the detail lines of paid orders, by the local date of orders.paid_at, gross
  (refunds not netted), like metrics.sales' paid_gmv. Lines without a SKU code are left out, so shares
  are of the GMV of lines with a SKU. Units are the same lines' quantities.
- ABC: SKUs by GMV descending (ties by SKU); cum_share = the running share including the SKU. A while
  cum_share ≤ a_share (a SKU that brings the total to exactly 70% is A), B while cum_share ≤ b_share, the
  rest C; the top SKU is always A. Computed with exact decimals, per store.
- New: a SKU is new for new_days days from its first sale (the first-sale day is day 1): is_new when
  end − first_sale < new_days (first sale 89 days before `end` is new, 90 days before is old). A sale on day
  d counts as new GMV when d − first_sale < new_days. first_sale looks at all history up to `end`.
- Growth = gmv / previous_gmv − 1 over the same-length period before start.
- 停售: no sale in the last stop_days days of the period (end − stop_days < day ≤ end) although the SKU
  sold before; else 在售.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

import duckdb
import numpy as np
import pandas as pd

from metrics._query import check_range, query_frame

PRODUCT_COLUMNS = [
    "store",
    "sku",
    "title",
    "gmv",
    "units",
    "share",
    "cum_share",
    "abc_class",
    "first_sale",
    "last_sale",
    "is_new",
    "previous_gmv",
    "growth",
    "status",
]
NEW_OLD_COLUMNS = ["month", "new_gmv", "old_gmv", "new_share"]
SELLING, STOPPED = "在售", "停售"
ZERO = Decimal("0.00")

# SKU days from the figures the imports keep (daily_sales.py): one row per store, SKU and paid day.
_LINES = """
lines AS (
    SELECT store, sku, day, gmv AS paid_amount, units AS quantity, title
    FROM sku_daily
    WHERE day <= $end AND ($store IS NULL OR store = $store) AND sku <> ''
)"""

_STRUCTURE_SQL = f"""
WITH {_LINES}
SELECT store, sku,
       arg_max(title, day) FILTER (WHERE title IS NOT NULL) AS title,
       CAST(coalesce(sum(paid_amount) FILTER (WHERE day >= $start), 0) AS DECIMAL(18, 2)) AS gmv,
       CAST(coalesce(sum(quantity) FILTER (WHERE day >= $start), 0) AS BIGINT) AS units,
       CAST(coalesce(sum(paid_amount) FILTER (WHERE day BETWEEN $prev_start AND $prev_end), 0)
            AS DECIMAL(18, 2)) AS previous_gmv,
       count(*) FILTER (WHERE day >= $prev_start) AS recent_days,
       min(day) AS first_sale, max(day) AS last_sale
FROM lines
GROUP BY store, sku
HAVING recent_days > 0
"""

_NEW_OLD_SQL = f"""
WITH {_LINES},
firsts AS (SELECT store, sku, min(day) AS first_sale FROM lines GROUP BY store, sku)
SELECT strftime(l.day, '%Y-%m') AS month,
       CAST(coalesce(sum(l.paid_amount) FILTER (WHERE l.day - f.first_sale < $new_days), 0) AS DECIMAL(18, 2))
           AS new_gmv,
       CAST(coalesce(sum(l.paid_amount) FILTER (WHERE l.day - f.first_sale >= $new_days), 0) AS DECIMAL(18, 2))
           AS old_gmv
FROM lines AS l JOIN firsts AS f USING (store, sku)
WHERE l.day >= $start
GROUP BY month
ORDER BY month
"""


def abc_classes(gmv: Sequence, a_share: float = 0.7, b_share: float = 0.9) -> list[str]:
    """The class of each SKU, given the GMVs of one store's SKUs (Decimal or float) already sorted by GMV
    descending: A while the running share ≤ a_share (exact at the boundary), B while ≤ b_share, else C;
    the first is always A. A SKU with no GMV is C."""
    if not 0 < a_share <= b_share <= 1:
        raise ValueError(f"need 0 < a_share <= b_share <= 1; got {a_share}, {b_share}")
    values = [Decimal(str(v)) if not isinstance(v, Decimal) else v for v in gmv]
    total = sum(values, Decimal(0))
    a_limit, b_limit = Decimal(str(a_share)) * total, Decimal(str(b_share)) * total
    classes, running = [], Decimal(0)
    for i, value in enumerate(values):
        running += value
        if value <= 0:
            classes.append("C")
        elif i == 0 or running <= a_limit:
            classes.append("A")
        elif running <= b_limit:
            classes.append("B")
        else:
            classes.append("C")
    return classes


def _ranked(frame: pd.DataFrame, a_share: float, b_share: float) -> pd.DataFrame:
    """Shares, running shares and classes per store (the frame sorted by store, GMV descending, SKU)."""
    frame = frame.sort_values(["store", "gmv", "sku"], ascending=[True, False, True], kind="stable")
    frame = frame.reset_index(drop=True)
    share, cum_share, classes = [], [], []
    for _, part in frame.groupby("store", sort=False):
        values = list(part["gmv"])
        total = sum(values, Decimal(0))
        running = Decimal(0)
        for value in values:
            running += value
            share.append(float(value / total) if total > 0 else np.nan)
            cum_share.append(float(running / total) if total > 0 else np.nan)
        classes.extend(abc_classes(values, a_share, b_share))
    frame["share"] = np.array(share, dtype=float)
    frame["cum_share"] = np.array(cum_share, dtype=float)
    frame["abc_class"] = pd.Series(classes, dtype=object)
    return frame


def product_structure(
    conn: duckdb.DuckDBPyConnection,
    *,
    start: date,
    end: date,
    store: str | None = None,
    a_share: float = 0.7,
    b_share: float = 0.9,
    new_days: int = 90,
    stop_days: int = 30,
) -> pd.DataFrame:
    """One row per store and SKU selling in [start, end] or the period before (see the module doc)."""
    check_range(start, end)
    length = (end - start).days + 1
    params = {
        "start": start,
        "end": end,
        "store": store,
        "prev_start": start - timedelta(days=length),
        "prev_end": start - timedelta(days=1),
    }
    frame = query_frame(conn, _STRUCTURE_SQL, params)
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PRODUCT_COLUMNS})
    frame = _ranked(frame, a_share, b_share)
    frame["is_new"] = np.array([(end - d).days < new_days for d in frame["first_sale"]], dtype=bool)
    growth = [
        float(g / p) - 1 if p and p > 0 else np.nan
        for g, p in zip(frame["gmv"], frame["previous_gmv"], strict=True)
    ]
    frame["growth"] = np.array(growth, dtype=float)
    stop_from = end - timedelta(days=stop_days)
    frame["status"] = pd.Series(
        [STOPPED if last <= stop_from else SELLING for last in frame["last_sale"]], dtype=object
    )
    return frame[PRODUCT_COLUMNS]


def stopped_selling(
    conn, *, start: date, end: date, store: str | None = None, stop_days: int = 30
) -> pd.DataFrame:
    """The SKUs of product_structure with status 停售 (sold before, no sale in the last stop_days days)."""
    return stopped_rows(product_structure(conn, start=start, end=end, store=store, stop_days=stop_days))


def stopped_rows(structure: pd.DataFrame) -> pd.DataFrame:
    """The rows of a product_structure frame with status 停售 (for a page that already holds the frame)."""
    return structure[structure["status"] == STOPPED].reset_index(drop=True)


def new_old_by_month(
    conn: duckdb.DuckDBPyConnection, *, start: date, end: date, store: str | None = None, new_days: int = 90
) -> pd.DataFrame:
    """New against old goods' GMV per month of [start, end] (see the module doc)."""
    check_range(start, end)
    frame = query_frame(
        conn, _NEW_OLD_SQL, {"start": start, "end": end, "store": store, "new_days": new_days}
    )
    total = [n + o for n, o in zip(frame["new_gmv"], frame["old_gmv"], strict=True)]
    frame["new_share"] = np.array(
        [float(n / t) if t > 0 else np.nan for n, t in zip(frame["new_gmv"], total, strict=True)], dtype=float
    )
    return frame[NEW_OLD_COLUMNS]
