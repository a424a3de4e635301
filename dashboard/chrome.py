"""Streamlit's and plotly's own texts (placeholders, the table toolbar, tooltips of the chart
mode bar, the sidebar's buttons) in the UI language. Neither has a locale setting: a constant
script watches the page and replaces each of these exact English texts — a text node, or an
aria-label / title / placeholder / data-title attribute — with its Russian (and a few
that start with a fixed text, "Help for …"). Nothing from the
data is ever put into the script."""

from __future__ import annotations

import json
from collections.abc import Iterable

import streamlit as st

from dashboard.i18n import CHROME, CHROME_PREFIX

# a KPI's label and delta wrap onto a second line instead of ending in "…" on a narrow screen
_STYLE = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; word-break: keep-all !important; overflow-wrap: normal !important;
}
</style>"""
_SCRIPT = _STYLE + """<script>
(() => {
  const state = window.__crChrome || (window.__crChrome = {});
  state.map = %s;
  const ATTRS = ["aria-label", "title", "placeholder", "data-title"];
  state.prefixes = %s;
  const swap = (key) => {
    if (!key) return null;
    if (Object.hasOwn(state.map, key)) return state.map[key];
    for (const [from, to] of Object.entries(state.prefixes))
      if (key.startsWith(from)) return to + key.slice(from.length);
    return null;
  };
  const text = (node) => {
    const to = swap(node.nodeValue && node.nodeValue.trim());
    if (to !== null) node.nodeValue = to;
  };
  const attr = (el, name) => {
    const to = swap(el.getAttribute(name));
    if (to !== null) el.setAttribute(name, to);
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return text(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    ATTRS.forEach((a) => attr(root, a));
    root.querySelectorAll("[aria-label],[title],[placeholder],[data-title]")
        .forEach((el) => ATTRS.forEach((a) => attr(el, a)));
    const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (w.nextNode()) text(w.currentNode);
  };
  if (!state.observer) {
    state.observer = new MutationObserver((changes) => changes.forEach((c) => {
      if (c.type === "attributes") attr(c.target, c.attributeName);
      else if (c.type === "characterData") text(c.target);
      else c.addedNodes.forEach(walk);
    }));
    state.observer.observe(document.body, {subtree: true, childList: true,
                                           characterData: true, attributes: true,
                                           attributeFilter: ATTRS});
  }
  walk(document.body);
})();
</script>"""


def translate(language: str) -> None:
    """Put the page's own texts into `language` (English: Streamlit's texts as they are, and
    back from Russian after a switch)."""
    pairs: Iterable[tuple[str, str]] = CHROME.items()
    prefixes: Iterable[tuple[str, str]] = CHROME_PREFIX.items()
    if language != "ru":
        pairs = ((ru, en) for en, ru in pairs)
        prefixes = ((ru, en) for en, ru in prefixes)
    with st.sidebar:
        st.html(_SCRIPT % (json.dumps(dict(pairs), ensure_ascii=False),
                           json.dumps(dict(prefixes), ensure_ascii=False)),
                unsafe_allow_javascript=True)
