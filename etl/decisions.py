"""The analysts' own durable store: review decisions, facts added by hand, and the audit log.

It lives beside the inputs (`data/analyst/decisions.sqlite`, `CR_ANALYST_DIR` overrides the
folder), never in the published warehouse, so a rebuild or a new extractor loses nothing. The
dashboard's analyst pages write it; the ETL reads it like the curated tables (`apply`).

A decision is keyed by the document id and a fact *signature* that survives a change of the
extractor: the fact type, the kind group (outbound / inbound / agreement / event), the evidence
sentence normalised, and the main place (the first non-origin place id in sorted order) or, for
an agreement, the counterparty normalised. Dates are not part of it: they are what an extractor
change most often moves, and what an analyst most often corrects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from etl.config import Settings

SCHEMA = """
CREATE TABLE IF NOT EXISTS decision (
    document_id TEXT NOT NULL,
    signature   TEXT NOT NULL,
    fact_type   TEXT NOT NULL CHECK (fact_type IN ('activity', 'agreement')),
    action      TEXT NOT NULL CHECK (action IN ('accept', 'correct', 'reject')),
    corrections TEXT NOT NULL DEFAULT '{}',
    user        TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    PRIMARY KEY (document_id, signature)
);
CREATE TABLE IF NOT EXISTS added_fact (
    fact_no     INTEGER PRIMARY KEY AUTOINCREMENT,
    fact_type   TEXT NOT NULL CHECK (fact_type IN ('activity', 'agreement')),
    document_id TEXT,
    fields      TEXT NOT NULL,
    user        TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    removed     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS audit (
    entry_no INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    user     TEXT NOT NULL,
    action   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    detail   TEXT NOT NULL DEFAULT '{}'
);
"""
ACTIONS = ("accept", "correct", "reject")
# fields an analyst may correct, and the fields of a fact added by hand
ACTIVITY_FIELDS = ("kind", "status", "title", "start", "end", "place", "role", "counterparty",
                   "program", "evidence")
AGREEMENT_FIELDS = ("counterparty", "counterparty_kind", "place", "signed", "program", "evidence")
_KIND_GROUP = {"mission": "outbound", "delegation": "inbound", "business_mission": "inbound",
               "agreement_signing": "agreement"}


def kind_group(kind: str) -> str:
    return _KIND_GROUP.get(kind, "event")


def normalise(text: str) -> str:
    """Case, spacing, punctuation and ё do not count."""
    text = unicodedata.normalize("NFC", text or "").casefold().replace("ё", "е")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())


def signature(fact_type: str, kind: str, evidence: str, main: str) -> str:
    raw = "|".join((fact_type, kind_group(kind) if fact_type == "activity" else "agreement",
                    normalise(evidence), main))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def activity_signature(activity) -> str:
    places = sorted(m.resolved.place_id for m in activity.places
                    if m.resolved and m.role != "origin")
    return signature("activity", activity.kind, activity.evidence, places[0] if places else "")


def agreement_signature(agreement) -> str:
    return signature("agreement", "", agreement.evidence, normalise(agreement.counterparty))


def now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Decision:
    document_id: str
    signature: str
    fact_type: str
    action: str
    corrections: dict
    user: str
    decided_at: str


@dataclass(frozen=True)
class AddedFact:
    fact_no: int
    fact_type: str
    document_id: str | None
    fields: dict
    user: str
    added_at: str


class DecisionStore:
    """SQLite in WAL mode: several dashboard sessions write, the ETL reads, nothing is lost."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.executescript(SCHEMA)
        self.con.commit()

    @classmethod
    def for_settings(cls, settings: Settings) -> DecisionStore:
        return cls(settings.analyst_dir / "decisions.sqlite")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DecisionStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writes (each one is also an audit entry, in the same transaction) ----------------------

    def decide(self, document_id: str, sig: str, fact_type: str, action: str, user: str,
               corrections: dict | None = None, subject: str = "") -> None:
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        fields = ACTIVITY_FIELDS if fact_type == "activity" else AGREEMENT_FIELDS
        corrections = {k: v for k, v in (corrections or {}).items() if k in fields}
        at = now()
        with self.con:
            self.con.execute(
                "INSERT OR REPLACE INTO decision VALUES (?, ?, ?, ?, ?, ?, ?)",
                (document_id, sig, fact_type, action, json.dumps(corrections, ensure_ascii=False),
                 user, at))
            self._audit(at, user, action, subject or f"{fact_type} {document_id}/{sig}",
                        {"document_id": document_id, "signature": sig, **corrections})

    def undo(self, document_id: str, sig: str, user: str) -> None:
        at = now()
        with self.con:
            self.con.execute("DELETE FROM decision WHERE document_id = ? AND signature = ?",
                             (document_id, sig))
            self._audit(at, user, "undo", f"{document_id}/{sig}", {})

    def add_fact(self, fact_type: str, fields: dict, user: str,
                 document_id: str | None = None) -> int:
        allowed = ACTIVITY_FIELDS if fact_type == "activity" else AGREEMENT_FIELDS
        fields = {k: v for k, v in fields.items() if k in allowed and v not in (None, "")}
        at = now()
        with self.con:
            cur = self.con.execute(
                "INSERT INTO added_fact (fact_type, document_id, fields, user, added_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (fact_type, document_id, json.dumps(fields, ensure_ascii=False), user, at))
            self._audit(at, user, "add", f"{fact_type} r-{cur.lastrowid}",
                        {"document_id": document_id, **fields})
        return int(cur.lastrowid)

    def remove_fact(self, fact_no: int, user: str) -> None:
        at = now()
        with self.con:
            self.con.execute("UPDATE added_fact SET removed = 1 WHERE fact_no = ?", (fact_no,))
            self._audit(at, user, "remove", f"r-{fact_no}", {})

    def log(self, user: str, action: str, subject: str, detail: dict | None = None) -> None:
        """An audit entry for something stored elsewhere (an upload, a refresh)."""
        with self.con:
            self._audit(now(), user, action, subject, detail or {})

    def _audit(self, at: str, user: str, action: str, subject: str, detail: dict) -> None:
        self.con.execute("INSERT INTO audit (at, user, action, subject, detail) VALUES "
                         "(?, ?, ?, ?, ?)",
                         (at, user, action, subject, json.dumps(detail, ensure_ascii=False)))

    # -- reads ----------------------------------------------------------------------------------

    def decisions(self) -> dict[tuple[str, str], Decision]:
        rows = self.con.execute("SELECT document_id, signature, fact_type, action, corrections, "
                                "user, decided_at FROM decision")
        return {(r[0], r[1]): Decision(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6])
                for r in rows}

    def added(self) -> list[AddedFact]:
        rows = self.con.execute("SELECT fact_no, fact_type, document_id, fields, user, added_at "
                                "FROM added_fact WHERE removed = 0 ORDER BY fact_no")
        return [AddedFact(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5]) for r in rows]

    def audit_log(self, limit: int | None = None) -> list[tuple]:
        """(at, user, action, subject, detail) newest first."""
        sql = "SELECT at, user, action, subject, detail FROM audit ORDER BY entry_no DESC"
        if limit:
            return self.con.execute(sql + " LIMIT ?", (limit,)).fetchall()
        return self.con.execute(sql).fetchall()
