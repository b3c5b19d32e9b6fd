"""Starting points for the calendar: Double 11 and 618 phase templates for a year, and the calendar file
template (the headers the calendar connector recognises, with two example rows).

The phase templates follow the usual Tmall shape of recent years, simplified to one non-overlapping window
per phase (times are Beijing time, both ends inclusive); the official dates move a little each year, so
they are a draft to adjust, not a schedule:

  双十一  预热 10-14 00:00:00 – 10-24 19:59:59   warm-up, add-to-cart
          定金 10-24 20:00:00 – 10-31 23:59:59   presale deposits
          尾款 11-01 00:00:00 – 11-03 23:59:59   first wave: final payments and spot sale
          爆发 11-10 20:00:00 – 11-11 23:59:59   the peak (second-wave final payments fall in it)
  618     预热 05-20 00:00:00 – 05-26 19:59:59
          定金 05-26 20:00:00 – 05-31 19:59:59
          尾款 05-31 20:00:00 – 06-03 23:59:59   first wave: final payments and spot sale
          爆发 06-16 00:00:00 – 06-18 23:59:59   the peak
          返场 06-19 00:00:00 – 06-20 23:59:59   encore
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

from campaigns.fields import FIELD_HEADERS, PhaseWindow
from connectors.safe_export import frame_to_csv_bytes, frame_to_xlsx_bytes

# ((month, day, hour, minute, second) start, (…) end) per phase.
_DOUBLE11 = (
    ("预热", (10, 14, 0, 0, 0), (10, 24, 19, 59, 59)),
    ("定金", (10, 24, 20, 0, 0), (10, 31, 23, 59, 59)),
    ("尾款", (11, 1, 0, 0, 0), (11, 3, 23, 59, 59)),
    ("爆发", (11, 10, 20, 0, 0), (11, 11, 23, 59, 59)),
)
_SIX18 = (
    ("预热", (5, 20, 0, 0, 0), (5, 26, 19, 59, 59)),
    ("定金", (5, 26, 20, 0, 0), (5, 31, 19, 59, 59)),
    ("尾款", (5, 31, 20, 0, 0), (6, 3, 23, 59, 59)),
    ("爆发", (6, 16, 0, 0, 0), (6, 18, 23, 59, 59)),
    ("返场", (6, 19, 0, 0, 0), (6, 20, 23, 59, 59)),
)

TEMPLATE_HEADERS = [FIELD_HEADERS[name] for name in FIELD_HEADERS]
TEMPLATE_SHEET = "活动日历"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
EXAMPLE_STORE = "示例旗舰店"


def _phases(year: int, shape) -> list[PhaseWindow]:
    year = int(year)
    return [
        PhaseWindow(phase, dt.datetime(year, *start), dt.datetime(year, *end)) for phase, start, end in shape
    ]


def double11_template(year: int) -> list[PhaseWindow]:
    """Double 11 of `year`: 预热, 定金, 尾款, 爆发 (see the module docstring for the windows)."""
    return _phases(year, _DOUBLE11)


def six18_template(year: int) -> list[PhaseWindow]:
    """618 of `year`: 预热, 定金, 尾款, 爆发, 返场 (see the module docstring for the windows)."""
    return _phases(year, _SIX18)


def template_frame(store: str | None = None, year: int | None = None) -> pd.DataFrame:
    """The calendar template: its headers and two example rows (a Double 11 deposit phase with costs, and a
    one-day 聚划算 on two SKUs) for `store` in `year` (default: this year in Beijing time)."""
    year = int(year or dt.datetime.now(ZoneInfo("Asia/Shanghai")).year)
    store = store or EXAMPLE_STORE
    deposit = double11_template(year)[1]
    rows = [
        [f"{year}双十一", "双十一", store, deposit.phase, f"{deposit.starts_at:{TIME_FORMAT}}",
         f"{deposit.ends_at:{TIME_FORMAT}}", "", 1_000_000, 0, "5%", 80_000, 20_000, "35%"],
        [f"{year}聚划算9月", "聚划算", store, "活动", f"{year}-09-12 00:00:00", f"{year}-09-12 23:59:59",
         "SKU-001、SKU-002", 150_000, 5_000, 0.03, 10_000, 3_000, None],
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=TEMPLATE_HEADERS)
    return frame.astype(object).where(frame.notna(), None)


def template_xlsx_bytes(frame: pd.DataFrame | None = None) -> bytes:
    """The template (or a filled calendar) as .xlsx; times and SKU codes are text columns so Excel keeps
    them as typed (a date cell would lose the end's 23:59:59)."""
    frame = template_frame() if frame is None else frame
    text = (FIELD_HEADERS["starts_at"], FIELD_HEADERS["ends_at"], FIELD_HEADERS["skus"])
    return frame_to_xlsx_bytes(frame, sheet_name=TEMPLATE_SHEET, text_columns=text)


def template_csv_bytes(frame: pd.DataFrame | None = None) -> bytes:
    """The template (or a filled calendar) as CSV in UTF-8 with BOM."""
    return frame_to_csv_bytes(template_frame() if frame is None else frame)
