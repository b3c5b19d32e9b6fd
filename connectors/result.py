"""What one import reports: the per-file outcome the CLI prints and the import page shows."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class RejectedRow:
    """One row (or the whole file, when line is None) that was not taken, with where and why."""

    file: str
    line: int | None
    column: str | None
    reason: str
    value: str | None = None


@dataclass
class SaveCounts:
    """What a validated writer (plan, calendar, restock settings) did: rows (or campaigns) new, changed and
    unchanged; when `rejected` lists problems, nothing was written."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


@dataclass
class ImportResult:
    """Outcome of importing one file. `status` is 'imported', 'unchanged' or 'rejected'."""

    file: str
    kind: str | None = None
    status: str = "rejected"
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    error: str | None = None
    store: str | None = None
    encoding: str | None = None
    export_ts: str | None = None
    load_id: int | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("imported", "unchanged")

    def to_json(self) -> dict:
        """The CLI's JSON object: the contract fields first, then extras."""
        return {
            "file": self.file,
            "kind": self.kind,
            "status": self.status,
            "rows_read": self.rows_read,
            "inserted": self.inserted,
            "updated": self.updated,
            "rejected_rows": len(self.rejected),
            "error": self.error,
            "unchanged": self.unchanged,
            "store": self.store,
            "encoding": self.encoding,
            "export_ts": self.export_ts,
            "load_id": self.load_id,
            "seconds": round(self.seconds, 3),
            "notes": list(self.notes),
            "rejections": [{k: v for k, v in asdict(r).items() if k != "file"} for r in self.rejected],
        }
