"""The campaign calendar (活动日历): campaigns with their phases, participating SKUs, target and costs,
per-store settings (毛利率), phase templates and the calendar file template.

This package is the only writer of campaigns, campaign_phases, campaign_skus and store_settings; metrics
read those tables with SQL (metrics/calendar.py). A campaign is keyed by store and name.
"""

from campaigns.fields import CAMPAIGN_TYPES, FIELD_HEADERS, PHASES, BadValue, PhaseWindow
from campaigns.read import (
    DEFAULT_MARGIN_RATE,
    CampaignDetail,
    campaign_detail,
    list_campaigns,
    store_margin_rate,
)
from campaigns.templates import (
    TEMPLATE_HEADERS,
    double11_template,
    six18_template,
    template_csv_bytes,
    template_frame,
    template_xlsx_bytes,
)
from campaigns.write import (
    CampaignValueError,
    CampaignWriteFailed,
    SaveResult,
    delete_campaign,
    save_calendar_rows,
    save_campaign,
    set_store_setting,
)

__all__ = [
    "CAMPAIGN_TYPES",
    "DEFAULT_MARGIN_RATE",
    "FIELD_HEADERS",
    "PHASES",
    "TEMPLATE_HEADERS",
    "BadValue",
    "CampaignDetail",
    "CampaignValueError",
    "CampaignWriteFailed",
    "PhaseWindow",
    "SaveResult",
    "campaign_detail",
    "delete_campaign",
    "double11_template",
    "list_campaigns",
    "save_calendar_rows",
    "save_campaign",
    "set_store_setting",
    "six18_template",
    "store_margin_rate",
    "template_csv_bytes",
    "template_frame",
    "template_xlsx_bytes",
]
