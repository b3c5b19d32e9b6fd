"""The sales plan (销售计划): versioned monthly and annual targets, day overrides, and the plan file template.

This package is the only writer of plan_months, plan_years, plan_day_overrides and plan_history; metrics
read those tables with SQL. Every change is a new version with field-level history (who, when, old, new).
"""

from plans.fields import FIELD_HEADERS, PLAN_FIELDS, BadValue, parse_month
from plans.read import annual_targets, day_overrides, plan_history, plan_in_force
from plans.template import TEMPLATE_HEADERS, template_csv_bytes, template_frame, template_xlsx_bytes
from plans.write import (
    PlanValueError,
    PlanWriteFailed,
    SaveResult,
    save_month_targets,
    set_annual_target,
    set_day_override,
)

__all__ = [
    "FIELD_HEADERS",
    "PLAN_FIELDS",
    "TEMPLATE_HEADERS",
    "BadValue",
    "PlanValueError",
    "PlanWriteFailed",
    "SaveResult",
    "annual_targets",
    "day_overrides",
    "parse_month",
    "plan_history",
    "plan_in_force",
    "save_month_targets",
    "set_annual_target",
    "set_day_override",
    "template_csv_bytes",
    "template_frame",
    "template_xlsx_bytes",
]
