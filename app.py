"""店铺运营驾驶舱 entry point: page config, navigation, the shared frame (language, database, store), the page.

Run with `streamlit run app.py`. The database is STORE_OPS_DB (default data/store.duckdb); an empty database
gets the demo store on first start (STORE_OPS_NO_DEMO=1 skips that, for tests).
"""

from __future__ import annotations

import streamlit as st

from ui import shell

st.set_page_config(page_title=shell.PAGE_TITLE, layout="wide")
legacy = shell.legacy_mode()
page = st.navigation(shell.pages())
if legacy:
    st.rerun()  # a fresh server's first run: rerun at once as a normal st.navigation run (see ui/shell.py)
shell.frame()
shell.run_page(page)
