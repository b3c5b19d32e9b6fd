"""The known source formats, and recognition of a header row as one of them."""

from __future__ import annotations

from connectors import campaign_file, inventory, order_lines, orders, plan_file, sku_settings_file, sycm
from connectors.spec import Spec

SPECS: tuple[Spec, ...] = (
    orders.SPEC,
    order_lines.SPEC,
    sycm.SHOP_SPEC,
    sycm.PRODUCT_SPEC,
    inventory.SPEC,
    plan_file.SPEC,
    campaign_file.SPEC,
    sku_settings_file.SPEC,
)
KIND_LABELS = {spec.kind: spec.label_zh for spec in SPECS}
KIND_LABELS_EN = {spec.kind: spec.label_en for spec in SPECS}
MIN_SCORE = 3


def recognise(headers: list[str]) -> tuple[Spec | None, float]:
    """The kind whose fields best match these normalised headers, with its score (None when nothing fits)."""
    best: tuple[Spec | None, float] = (None, 0.0)
    for spec in SPECS:
        score = spec.score(headers)
        if score > best[1]:
            best = (spec, score)
    return best if best[1] >= MIN_SCORE else (None, 0.0)
