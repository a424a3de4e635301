"""The analysts' own durable store: review decisions, facts added by hand, and the audit log.

It lives beside the inputs (`data/analyst/decisions.sqlite`, `CR_ANALYST_DIR` overrides the
folder), never in the published warehouse, so a rebuild or a new extractor loses nothing. The
dashboard's analyst pages write it; the ETL reads it like the curated tables (`apply`).

A decision is keyed by the document id and a fact *signature* that survives a change of the
extractor: the fact type, the kind group (outbound / inbound / agreement / event), the evidence
sentence normalised, and the main place (the first non-origin place id in sorted order) or, for
an agreement, the counterparty normalised. Dates are not part of it: they are what an extractor
change most often moves, and what an analyst most often corrects.

Every decision is also a row of `decision_log` with the decision it replaced, so it can be
undone: the fact's decision goes back to what it was before (none: the fact is unreviewed
again), the next run applies that, and the log keeps both the decision and who undid it when.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from etl.config import Settings
from etl.runlog import now

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
CREATE TABLE IF NOT EXISTS decision_log (
    entry_no    INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL,
    signature   TEXT NOT NULL,
    fact_type   TEXT NOT NULL,
    action      TEXT NOT NULL,
    corrections TEXT NOT NULL DEFAULT '{}',
    user        TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    previous    TEXT,              -- the decision it replaced (JSON), NULL: none
    undone_by   TEXT,
    undone_at   TEXT
);
CREATE INDEX IF NOT EXISTS decision_log_fact ON decision_log (document_id, signature);
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


# what is not a letter or digit (str.isalnum: `\w` is exactly isalnum plus "_")
_NOT_ALNUM = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Case, spacing, punctuation and ё do not count. (One regex pass: a character-by-character
    loop here was a tenth of a refresh's CPU at 10^4 documents, every fact's evidence.)"""
    text = unicodedata.normalize("NFC", text or "").casefold().replace("ё", "е")
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


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
class LoggedDecision(Decision):
    """One decision as it was taken; `undoable` when it is still the fact's current decision."""
    entry_no: int
    subject: str
    undone_by: str | None
    undone_at: str | None
    undoable: bool


class CannotUndo(ValueError):
    """The decision was undone already, or a later decision on the same fact replaced it."""


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
        subject = subject or f"{fact_type} {document_id}/{sig}"
        with self.con:
            self.con.execute("BEGIN IMMEDIATE")  # read the decision it replaces, then write
            previous = self.con.execute(
                "SELECT fact_type, action, corrections, user, decided_at FROM decision"
                " WHERE document_id = ? AND signature = ?", (document_id, sig)).fetchone()
            self.con.execute(
                "INSERT OR REPLACE INTO decision VALUES (?, ?, ?, ?, ?, ?, ?)",
                (document_id, sig, fact_type, action, json.dumps(corrections, ensure_ascii=False),
                 user, at))
            self.con.execute(
                "INSERT INTO decision_log (document_id, signature, fact_type, action, corrections,"
                " user, decided_at, subject, previous) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (document_id, sig, fact_type, action, json.dumps(corrections, ensure_ascii=False),
                 user, at, subject, json.dumps(previous) if previous else None))
            self._audit(at, user, action, subject,
                        {"document_id": document_id, "signature": sig, **corrections})

    def undo(self, entry_no: int, user: str) -> LoggedDecision:
        """Undo the decision of `decision_log` entry `entry_no`: the fact's decision becomes the
        one it replaced (or none). Only a fact's latest decision can be undone (`CannotUndo`)."""
        at = now()
        with self.con:
            self.con.execute("BEGIN IMMEDIATE")  # no other write between the check and the undo
            entry = self._logged(entry_no)
            if entry is None or not entry.undoable:
                raise CannotUndo(f"decision {entry_no} was undone already or replaced by a later "
                                 "one")
            previous = self.con.execute("SELECT previous FROM decision_log WHERE entry_no = ?",
                                        (entry_no,)).fetchone()[0]
            if previous:
                fact_type, action, corrections, was_by, was_at = json.loads(previous)
                self.con.execute("INSERT OR REPLACE INTO decision VALUES (?, ?, ?, ?, ?, ?, ?)",
                                 (entry.document_id, entry.signature, fact_type, action,
                                  corrections, was_by, was_at))
            else:
                self.con.execute("DELETE FROM decision WHERE document_id = ? AND signature = ?",
                                 (entry.document_id, entry.signature))
            self.con.execute("UPDATE decision_log SET undone_by = ?, undone_at = ?"
                             " WHERE entry_no = ?", (user, at, entry_no))
            self._audit(at, user, "undo", entry.subject,
                        {"document_id": entry.document_id, "signature": entry.signature,
                         "undone": entry.action, "decided_by": entry.user,
                         "decided_at": entry.decided_at})
        return entry

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
        return int(cur.lastrowid or 0)

    def remove_fact(self, fact_no: int, user: str) -> AddedFact:
        """Withdraw a hand-added fact: it leaves the warehouse at the next refresh. The row is
        kept (marked removed) and the audit entry names what was removed; a fact removed
        already cannot be removed again (`CannotUndo`)."""
        at = now()
        with self.con:
            self.con.execute("BEGIN IMMEDIATE")  # no other write between the check and the update
            row = self.con.execute(self._ADDED + " WHERE fact_no = ? AND removed = 0",
                                   (fact_no,)).fetchone()
            if row is None:
                raise CannotUndo(f"added fact {fact_no} was removed already or never existed")
            fact = _added_fact(row)
            self.con.execute("UPDATE added_fact SET removed = 1 WHERE fact_no = ?", (fact_no,))
            self._audit(at, user, "remove", f"{fact.fact_type} r-{fact_no}",
                        {"document_id": fact.document_id, "added_by": fact.user,
                         "added_at": fact.added_at, **fact.fields})
        return fact

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

    _ADDED = "SELECT fact_no, fact_type, document_id, fields, user, added_at FROM added_fact"

    def added(self, user: str | None = None) -> list[AddedFact]:
        """The hand-added facts in force (of `user`, or of everyone), oldest first."""
        where, params = (" AND user = ?", [user]) if user else ("", [])
        rows = self.con.execute(self._ADDED + " WHERE removed = 0" + where + " ORDER BY fact_no",
                                params)
        return [_added_fact(r) for r in rows]

    _LOGGED = ("SELECT l.entry_no, l.document_id, l.signature, l.fact_type, l.action,"
               " l.corrections, l.user, l.decided_at, l.subject, l.undone_by, l.undone_at,"
               " l.undone_at IS NULL AND l.entry_no = (SELECT max(entry_no) FROM decision_log m"
               "  WHERE m.document_id = l.document_id AND m.signature = l.signature"
               "  AND m.undone_at IS NULL) FROM decision_log l")

    def _logged(self, entry_no: int) -> LoggedDecision | None:
        row = self.con.execute(self._LOGGED + " WHERE l.entry_no = ?", (entry_no,)).fetchone()
        return _logged_decision(row) if row else None

    def recent_decisions(self, limit: int = 20, user: str | None = None) -> list[LoggedDecision]:
        """The latest decisions (of `user`, or of everyone), newest first, undone ones too."""
        where, params = (" WHERE l.user = ?", [user]) if user else ("", [])
        rows = self.con.execute(self._LOGGED + where + " ORDER BY l.entry_no DESC LIMIT ?",
                                [*params, limit])
        return [_logged_decision(r) for r in rows]

    def last_undoable(self, user: str) -> LoggedDecision | None:
        """`user`'s latest decision that is still in force, if there is one."""
        rows = self.con.execute(self._LOGGED + " WHERE l.user = ? AND l.undone_at IS NULL"
                                " ORDER BY l.entry_no DESC LIMIT 1", (user,)).fetchall()
        return _logged_decision(rows[0]) if rows and rows[0][11] else None

    def audit_log(self, limit: int | None = None) -> list[tuple]:
        """(at, user, action, subject, detail) newest first."""
        sql = "SELECT at, user, action, subject, detail FROM audit ORDER BY entry_no DESC"
        if limit:
            return self.con.execute(sql + " LIMIT ?", (limit,)).fetchall()
        return self.con.execute(sql).fetchall()


def _added_fact(row: tuple) -> AddedFact:
    fact_no, fact_type, document_id, fields, user, added_at = row
    return AddedFact(fact_no, fact_type, document_id, json.loads(fields), user, added_at)


def _logged_decision(row: tuple) -> LoggedDecision:
    (entry_no, document_id, signature, fact_type, action, corrections, user, decided_at,
     subject, undone_by, undone_at, undoable) = row
    return LoggedDecision(document_id, signature, fact_type, action, json.loads(corrections), user,
                          decided_at, entry_no, subject, undone_by, undone_at, bool(undoable))
