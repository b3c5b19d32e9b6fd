"""The import page's 同步 section: the sources of sources.toml (secrets masked: only whether each secret
variable is set), a 同步 button per source with a progress bar, and the sync log of the last run.

Secrets are read here, at the edge: the environment first, then st.secrets, passed to connectors.pull as
a plain mapping (connectors/ never imports streamlit). Every text shown comes from a SyncReport, whose
messages the connectors have already redacted.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from connectors import pull
from connectors.sources import (
    KIND_TOP,
    Source,
    SourceConfigError,
    default_config_path,
    load_sources,
    secret_status,
)
from connectors.top_sync import SyncReport
from ui import cached
from ui.i18n import t

REPORTS_KEY = "sync_reports"
DOWNLOAD_WORK = "tmp"  # under the database folder, like uploads


def config_path():
    return default_config_path(cached.db_path())


def _secrets():
    """st.secrets as a mapping, or None when the app has no secrets file (reading it would raise)."""
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml: Streamlit raises on first access
        return None


def sources_frame(sources: list[Source], secrets=None, lang: str | None = None) -> pd.DataFrame:
    """One row per source: name, kind, store, gateway or URL (query masked), and which secret variables are set."""
    rows = []
    for source in sources:
        status = secret_status(source, secrets=secrets)
        flags = "；".join(
            t("sync_secret_set" if ok else "sync_secret_missing", lang, name=name)
            for name, ok in status.items()
        )
        rows.append(
            {
                t("sync_col_name", lang): source.name,
                t("sync_col_kind", lang): t(
                    "sync_kind_top" if source.kind == KIND_TOP else "sync_kind_url", lang
                ),
                t("sync_col_store", lang): source.store,
                t("sync_col_target", lang): source.describe(),
                t("sync_col_secrets", lang): flags or "—",
            }
        )
    return pd.DataFrame(rows)


def run(source: Source, secrets=None) -> SyncReport:
    """Sync one source with a progress bar; a configuration problem becomes a failed report."""
    bar = st.progress(0.0, text=t("sync_running", name=source.name, text=""))

    def progress(fraction: float, text: str = "") -> None:
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=t("sync_running", name=source.name, text=text))

    work_dir = cached.work_folder(DOWNLOAD_WORK)
    try:
        if (
            source.kind == KIND_TOP
        ):  # writes lock per window (connectors/http_load.py): no lock across the network
            with cached.read_cursor() as cur:
                report = pull.run_source(cur, source, work_dir=work_dir, secrets=secrets, progress=progress)
        else:
            with cached.write_cursor() as cur:
                report = pull.run_source(cur, source, work_dir=work_dir, secrets=secrets, progress=progress)
    except SourceConfigError as exc:
        report = SyncReport(source.name, source.kind, source.store, source.describe(), errors=[str(exc)])
    bar.progress(1.0, text=t("sync_running", name=source.name, text=t("sync_finished")))
    return report


def show_report(report: SyncReport) -> None:
    counts = {
        k: getattr(report, k)
        for k in ("windows", "inserted", "updated", "unchanged", "refunds", "requests", "retries")
    }
    if report.ok:
        st.success(t("sync_done", name=report.source, **counts))
    else:
        st.warning(t("sync_failed", name=report.source, errors=len(report.errors), **counts))
    lines = [*report.log, *(f"✗ {e}" for e in report.errors)]
    if lines:
        with st.expander(t("sync_log", name=report.source), expanded=not report.ok):
            st.code("\n".join(lines), language=None)


def render(lang: str) -> None:
    """The 同步 section."""
    st.subheader(t("sync_title", lang))
    path = config_path()
    if not path.is_file():
        st.caption(t("sync_no_config", lang, path=path))
        return
    try:
        sources = load_sources(path)
    except SourceConfigError as exc:
        st.error(t("sync_config_error", lang, error=exc))
        return
    secrets = _secrets()
    st.caption(t("sync_intro", lang, path=path))
    st.dataframe(sources_frame(sources, secrets, lang), hide_index=True)
    reports: dict = st.session_state.setdefault(REPORTS_KEY, {})
    for source in sources:
        if st.button(t("sync_button", lang, name=source.name), key=f"sync_{source.name}"):
            reports[source.name] = (run(source, secrets), dt.datetime.now())
    for _name, (report, _when) in reports.items():
        show_report(report)
