"""Who is using the dashboard and what they may do: officials read; analysts also upload,
review, correct, add and refresh.

With sign-in on (an `[auth]` section in secrets), the role comes from the signed-in identity:
an e-mail listed in `[roles] analysts` is an analyst, anyone else an official. Without sign-in,
`CR_LOCAL_ANALYST=1` makes the single local user an analyst (`make run`, a trial on localhost);
unset, nobody can write. The analyst pages check the role again themselves.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

ANALYST, OFFICIAL = "analyst", "official"
LOCAL_USER = "local"


@dataclass(frozen=True)
class User:
    name: str  # the e-mail when signed in; "local" without sign-in
    role: str

    @property
    def is_analyst(self) -> bool:
        return self.role == ANALYST


def auth_enabled() -> bool:
    """Sign-in is on when .streamlit/secrets.toml has an [auth] section."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def analyst_emails() -> set[str]:
    try:
        listed = st.secrets.get("roles", {}).get("analysts", [])
    except Exception:
        return set()
    if isinstance(listed, str):
        listed = [listed]
    return {str(e).strip().casefold() for e in listed if str(e).strip()}


def role_for(email: str | None, signed_in: bool, auth: bool, local_analyst: bool,
             analysts: set[str]) -> str:
    """The rule, with no Streamlit in it."""
    if auth:
        if signed_in and email and email.strip().casefold() in analysts:
            return ANALYST
        return OFFICIAL
    return ANALYST if local_analyst else OFFICIAL


def current() -> User:
    auth = auth_enabled()
    signed_in = bool(auth and st.user.is_logged_in)
    email = str(st.user.get("email") or "") if signed_in else ""
    role = role_for(email, signed_in, auth, os.environ.get("CR_LOCAL_ANALYST") == "1",
                    analyst_emails() if auth else set())
    return User(email or LOCAL_USER, role)


def require_analyst() -> User:
    """The analyst using this page; anyone else is stopped here (a page opened by its URL)."""
    user = current()
    if not user.is_analyst:
        from dashboard.i18n import t

        st.error(t("analysts_only"), icon=":material/lock:")
        st.stop()
    return user
