"""How a source format is described: its fields, the header names each goes by, and what is required.

A connector module declares one `Spec`; the shared machinery (tabular, staging, loader) recognises a
file by its headers, casts every field once through the cleaning macros, and hands typed rows to the
module's `write` function.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field


def normalize_header(text: object) -> str:
    """A header cell as we compare it: NFKC, no BOM/quotes/whitespace, no `="…"` wrapper."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text))
    value = value.replace("\ufeff", "").replace("\u200b", "")
    value = re.sub(r'^=?"(.*)"$', r"\1", value.strip())
    return re.sub(r"\s+", "", value)


@dataclass(frozen=True)
class Field:
    """One canonical field: its name, cast type (see cleaning.CASTS) and the header names it goes by."""

    name: str
    type: str
    headers: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", tuple(normalize_header(h) for h in self.headers))


@dataclass
class Spec:
    """A recognisable source format and how its rows reach the canonical tables."""

    kind: str
    label_zh: str
    label_en: str
    fields: tuple[Field, ...]
    # Each entry is a group of field names of which at least one must be present.
    required: tuple[tuple[str, ...], ...]
    # Headers that only this kind has; they weigh more when recognising a file.
    distinctive: tuple[str, ...] = ()
    # Fields that must have a value on every row (else the row is rejected).
    not_null: tuple[str, ...] = ()
    # Whether good rows may import while bad rows are listed (else any bad row rejects the file).
    partial_ok: bool = True
    # Fields whose text marks a summary row (合计/总计/汇总) to drop silently.
    summary_fields: tuple[str, ...] = ()
    # Each row names its own store (e.g. 店铺 in a plan file): no file-level store is resolved and the
    # writer checks every row's store itself (LoadContext.store is None).
    per_row_store: bool = False
    # An identical file (same name and bytes as an earlier load) is written again instead of being skipped
    # as `unchanged` by its hash: the writer compares rows with what is in force (plan files, whose months
    # may have been edited in the app since).
    rewrite_same_file: bool = False
    write: Callable | None = None
    notes: str = ""
    _lookup: dict[str, Field] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.distinctive = tuple(normalize_header(h) for h in self.distinctive)
        for f in self.fields:
            for h in f.headers:
                self._lookup.setdefault(h, f)

    def field_for(self, header: str) -> Field | None:
        return self._lookup.get(header)

    def match(self, headers: list[str]) -> dict[str, int]:
        """Map field name -> column index for the headers present (first occurrence wins)."""
        found: dict[str, int] = {}
        for index, header in enumerate(headers):
            f = self._lookup.get(header)
            if f is not None and f.name not in found:
                found[f.name] = index
        return found

    def missing(self, found: dict[str, int]) -> list[str]:
        """Required groups not satisfied, each described by its header names."""
        by_name = {f.name: f for f in self.fields}
        out = []
        for group in self.required:
            if not any(name in found for name in group):
                out.append(" / ".join(by_name[name].headers[0] for name in group))
        return out

    def score(self, headers: list[str]) -> float:
        """How much a header row looks like this kind: matched fields, plus weight for distinctive ones."""
        present = set(headers)
        matched = len(self.match(headers))
        bonus = sum(3 for h in self.distinctive if h in present)
        complete = 5 if not self.missing(self.match(headers)) else 0
        return matched + bonus + complete if matched else 0.0
