"""Creative Regions dashboard: page setup, sign-in gate, shared filters, navigation."""

from __future__ import annotations

import logging
import sys
import uuid
from pathlib import Path

if __package__ in (None, ""):  # `streamlit run dashboard/app.py` puts only dashboard/ on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st  # noqa: E402

from dashboard import chrome, db, filters, i18n, plain, roles  # noqa: E402
from dashboard.i18n import t  # noqa: E402

PAGES = (  # file, title key, icon, url path
    ("app_pages/overview.py", "page_overview", ":material/dashboard:", "overview"),
    ("app_pages/map.py", "page_map", ":material/map:", "map"),
    ("app_pages/timeline.py", "page_timeline", ":material/timeline:", "timeline"),
    ("app_pages/records.py", "page_records", ":material/table_view:", "records"),
    ("app_pages/sources.py", "page_sources", ":material/description:", "sources"),
    ("app_pages/quality.py", "page_quality", ":material/fact_check:", "quality"),
    ("app_pages/region.py", "page_region", ":material/location_city:", "region"),
)
PAGE_KEYS = {  # query keys that belong to one page (what is selected there, as a link keeps it)
    "sources": ("doc",), "records": ("table", "activity"),
    "review": ("page",), "map": ("place", "tab"), "region": ("code", "tab"),
}
ANALYST_PAGES = (  # only for analysts (dashboard/roles.py); each page checks the role again
    ("app_pages/review.py", "page_review", ":material/rule:", "review"),
    ("app_pages/upload.py", "page_upload", ":material/upload_file:", "upload"),
    ("app_pages/entry.py", "page_entry", ":material/add_box:", "entry"),
    ("app_pages/workspace.py", "page_workspace", ":material/history:", "workspace"),
)


def sign_in_gate() -> None:
    """A visitor who is not signed in sees only the sign-in page."""
    if not roles.auth_enabled():
        return
    if not st.user.is_logged_in:
        st.title(t("sign_in_title"))
        st.write(t("sign_in_text"))
        st.button(t("sign_in"), icon=":material/login:", on_click=st.login)
        st.stop()
    st.sidebar.button(t("sign_out"), icon=":material/logout:", on_click=st.logout)


LOG = logging.getLogger("dashboard")
FAVICON = Path(__file__).parent / "static" / "favicon.png"  # shipped: no request to a font host


def main() -> None:
    st.set_page_config(page_title=t("app_title"), page_icon=str(FAVICON), layout="wide")
    sign_in_gate()  # before anything of the warehouse, even its path, is shown
    try:
        run()
    except db.WarehouseMissing as err:
        st.error(t("no_warehouse", _lang(), path=str(err)), icon=":material/database_off:")
    except db.WarehouseDamaged as err:
        LOG.error("warehouse damaged: %s", err.__cause__)
        st.error(t("damaged_warehouse", _lang(), name=plain.md(err)),
                 icon=":material/database_off:")
    except Exception:  # no page ever shows a traceback: a plain message, the detail in the log
        ref = uuid.uuid4().hex[:8]
        LOG.exception("page failed (code %s)", ref)
        st.error(t("unexpected_error", _lang(), ref=ref), icon=":material/error:")


def _lang() -> str:
    """The session's language; before the filters have read the URL, the URL's."""
    if "lang" in st.session_state:
        return i18n.lang()
    return "en" if st.query_params.get("lang") == "en" else "ru"


def run() -> None:
    """Filters from the URL, navigation, the sidebar, then the page."""
    opts = filters.load_options()
    page_keys = tuple(dict.fromkeys(k for keys in PAGE_KEYS.values() for k in keys))
    dropped = filters.init_from_url(opts, keep=page_keys)
    user = roles.current()
    pages = PAGES + ANALYST_PAGES if user.is_analyst else PAGES
    nav = st.navigation([st.Page(path, title=t(title), icon=icon, url_path=url,
                                 default=(url == "overview"))
                         for path, title, icon, url in pages])
    st.sidebar.toggle(t("english"), key="lang_en", on_change=i18n.switch_language)
    st.session_state["_filters"] = current = filters.sidebar(opts)
    filters.write_url(current, opts)
    if user.is_analyst:
        from dashboard import refresh

        st.sidebar.caption(t("signed_in_as", user=plain.md(user.name, 120)))
        refresh.sidebar(user.name)
    own = PAGE_KEYS.get(nav.url_path, ())
    for key in page_keys:  # another page's choices leave the URL (a key two pages use stays)
        if key not in own and key in st.query_params:
            del st.query_params[key]
    chrome.translate(i18n.lang())
    filters.notice(dropped)
    filters.show_summary(current, opts)
    nav.run()


main()
