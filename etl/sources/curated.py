"""Analysts' curated tables (CSV or XLSX in data/curated/) -> a Batch of typed records.

Each bad row is rejected with its file, row and reason; the rest loads. A row that depends on a
rejected row (the places of a rejected activity) is rejected too, saying so. Places are handed
over as written, with the row they came from: the resolve stage (etl/resolve.py) resolves them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from etl.config import Settings
from etl.dates import DateError, parse_fuzzy_date
from etl.models import (
    ACTIVITY_KINDS,
    PLACE_ROLES,
    STATUSES,
    Activity,
    Agreement,
    Batch,
    Document,
    FuzzyDate,
    Organisation,
    Participant,
    Person,
    PlaceMention,
    PlaceRole,
    Rejected,
)
from etl.reasons import reason_text
from etl.sources.guard import Refused, check_inside
from etl.sources.tables import (
    LimitExceeded,
    Limits,
    Row,
    Table,
    build_table,
    read_csv_rows,
    read_xlsx_sheets,
)


@dataclass(frozen=True)
class Spec:
    required: tuple[str, ...]
    key: tuple[str, ...]


# table name -> required columns and the columns that identify a row
SPECS: dict[str, Spec] = {
    "documents": Spec(("document_id", "title"), ("document_id",)),
    "programs": Spec(("program",), ("program",)),
    "activities": Spec(("activity_id", "kind", "status", "title", "start"), ("activity_id",)),
    "activity_places": Spec(("activity_id", "place", "role"), ("activity_id", "place", "role")),
    "organisations": Spec(("organisation",), ("organisation",)),
    "people": Spec(("person",), ("person", "organisation")),
    "activity_participants": Spec(("activity_id",),
                                  ("activity_id", "organisation", "person", "role")),
    "agreements": Spec(("agreement_id", "counterparty"), ("agreement_id",)),
}
# dependencies first: an activity's places are read after the activities
ORDER = tuple(SPECS)


@functools.lru_cache(maxsize=1 << 16)
def _parse_date(text: str) -> FuzzyDate:
    """Curated tables repeat a few thousand dates over a million rows: parse each once
    (FuzzyDate is frozen, so sharing one instance is safe; errors are not cached)."""
    return parse_fuzzy_date(text)


class RowError(ValueError):
    """What is wrong with one curated row, in words an analyst can act on."""


def table_for(stem: str) -> str | None:
    """`activities.csv`, `activities_2025.csv` and `activities-extra.xlsx` all feed `activities`."""
    stem = stem.lower()
    for name in sorted(SPECS, key=len, reverse=True):
        if stem == name or stem.startswith((name + "_", name + "-", name + ".")):
            return name
    return None


def load_tables(
    directory: Path, settings: Settings
) -> tuple[dict[str, list[Table]], list[Rejected]]:
    """Every curated file in the folder, as tables by name; unreadable files are rejected."""
    sources, per_file = _table_sources(directory, settings)
    tables = {name: [table for read in sources[name] for table in read()] for name in SPECS}
    return tables, [r for file_rejected in per_file for r in file_rejected]


TableSource = Callable[[], list[Table]]


def _table_sources(
    directory: Path, settings: Settings
) -> tuple[dict[str, list[TableSource]], list[list[Rejected]]]:
    """Per table name, in file order, a function that reads that file's tables; and per file,
    the list its file-level rejections go to (filled when the file is read).

    A CSV file feeds one table, known from its name, so it is only read when that table's turn
    comes (`read_curated` then holds one file's rows at a time, not every file's). A workbook
    can feed several tables: it is read here."""
    sources: dict[str, list[TableSource]] = {name: [] for name in SPECS}
    per_file: list[list[Rejected]] = []
    if not directory.is_dir():
        return sources, per_file
    for path in sorted(directory.iterdir()):
        if path.name.startswith((".", "~$")) or path.suffix.lower() in {".md", ".txt"}:
            continue
        label = f"{directory.name}/{path.name}"
        rejected: list[Rejected] = []
        per_file.append(rejected)
        try:
            check_inside(path, directory)
        except Refused as exc:
            rejected.append(Rejected("curated", label, str(exc), code=exc.code))
            continue
        name = table_for(path.stem) if path.suffix.lower() == ".csv" else None
        if name is not None:  # read later, with the same errors as `_read_file`
            sources[name].append(functools.partial(_read_guarded, path, label, settings,
                                                   rejected))
            continue
        for table in _read_guarded(path, label, settings, rejected):
            sources[table.name].append(functools.partial(lambda t: [t], table))
    return sources, per_file


def _read_guarded(path: Path, label: str, settings: Settings,
                  rejected: list[Rejected]) -> list[Table]:
    try:
        return _read_file(path, label, settings, rejected)
    except LimitExceeded as exc:
        rejected.append(Rejected("curated", label, str(exc), code=exc.code))
        return []
    except Exception as exc:  # a broken file must not stop the others
        rejected.append(Rejected("curated", label, f"cannot read file: {type(exc).__name__}"
                                 f"{': ' if str(exc) else ''}{exc}"))
        return []


def _read_file(path: Path, label: str, settings: Settings, rejected: list[Rejected]) -> list[Table]:
    size = path.stat().st_size
    if size > settings.max_curated_bytes:
        rejected.append(Rejected("curated", label, f"{reason_text('file_too_large')}: the file "
                                 f"is {size:,} bytes, over the limit of "
                                 f"{settings.max_curated_bytes:,} (max_curated_bytes); split it "
                                 "or raise the limit", code="file_too_large"))
        return []
    suffix = path.suffix.lower()
    limits = Limits(max_cell_chars=settings.max_cell_chars, max_columns=settings.max_columns,
                    max_cells=settings.max_cells,
                    max_unpacked_bytes=settings.max_unpacked_bytes)
    if suffix == ".csv":
        return _read_csv(path, label, rejected, limits)
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, label, rejected, limits)
    rejected.append(Rejected("curated", label, "not a curated table: expected .csv or .xlsx"))
    return []


def _read_csv(path: Path, label: str, rejected: list[Rejected], limits: Limits) -> list[Table]:
    name = table_for(path.stem)
    if name is None:
        rejected.append(Rejected("curated", label, _unknown_table_reason(path.stem)))
        return []
    if path.stat().st_size == 0:
        rejected.append(Rejected("curated", label, "empty file: no header and no rows"))
        return []
    try:
        numbered, encoding, too_long = read_csv_rows(path, label, limits)
    except UnicodeDecodeError:
        rejected.append(Rejected("curated", label, "cannot decode: the file is neither UTF-8 "
                                 "nor Windows-1251 text; save it as CSV UTF-8"))
        return []
    if encoding != "utf-8":
        rejected.append(Rejected("curated", label, f"warning: file is in {encoding}, not UTF-8; "
                                 "it was decoded and loaded — save it as CSV UTF-8",
                                 severity="warning"))
    spec = SPECS[name]
    table = build_table(name, label, numbered, spec.required, spec.key)
    table.rejected.extend(too_long)
    return [table]


def _read_xlsx(path: Path, label: str, rejected: list[Rejected], limits: Limits) -> list[Table]:
    sheets = read_xlsx_sheets(path, label, limits)
    whole = table_for(path.stem)
    out: list[Table] = []
    for title, (numbered, refused) in sheets.items():
        name = table_for(title) or (whole if len(sheets) == 1 or title == next(iter(sheets))
                                    else None)
        if name is None:
            if any(any(c.strip() for c in cells) for _, cells in numbered):
                rejected.append(Rejected("curated", f"{label}[{title}]",
                                         _unknown_table_reason(title)))
            continue
        spec = SPECS[name]
        table = build_table(name, f"{label}[{title}]", numbered, spec.required, spec.key)
        table.rejected.extend(refused)
        out.append(table)
    return out


def _unknown_table_reason(stem: str) -> str:
    return (f"unknown curated table {stem!r}: name the file or sheet after one of "
            f"{', '.join(SPECS)}")


def read_curated(directory: Path, settings: Settings) -> Batch:
    """Read and validate every curated table; return the records (places as written) and the
    rejected rows."""
    sources, per_file = _table_sources(directory, settings)
    assembler = Records()
    row_rejected: list[Rejected] = []
    for name in ORDER:
        add = getattr(assembler, f"add_{name}")
        first_rows = _FirstRows(name)
        for read in sources[name]:
            for table in read():  # one file at a time: its rows are freed after this loop
                row_rejected.extend(table.rejected)
                for row in table.rows:
                    if (duplicate := first_rows.duplicate(row)) is not None:
                        row_rejected.append(duplicate)
                        continue
                    try:
                        add(row)
                    except RowError as exc:
                        row_rejected.append(Rejected(
                            "curated", row.locator, str(exc),
                            raw=",".join(f"{k}={v}" for k, v in row.values.items() if v)))
    # file-level rejections first, in file order, as if every file had been read up front
    assembler.batch.rejected.extend(r for file_rejected in per_file for r in file_rejected)
    assembler.batch.rejected.extend(row_rejected)
    return assembler.finish()


class _FirstRows:
    """The first row of each key of one table, across all its files: a later row with the same
    key is quarantined (naming both rows) and never reaches the assembler, so the first row —
    and every place, participant or agreement that refers to its key — is untouched."""

    def __init__(self, table: str):
        self.table = table
        self.key = SPECS[table].key
        self.first: dict[tuple[str, ...], tuple[str, int]] = {}

    def duplicate(self, row: Row) -> Rejected | None:
        values = row.values
        key = tuple([values.get(c, "").casefold() for c in self.key])
        first = self.first.get(key)
        if first is None:
            self.first[key] = (row.label, row.number)
            return None
        shown = ", ".join(f"{c} = {values.get(c, '')!r}" for c in self.key)
        return Rejected(
            "curated", row.locator,
            f"{reason_text('duplicate_key')}: {shown} is already used by {first[0]} row "
            f"{first[1]}, which stands; this row ({row.label} row {row.number}) was not loaded — "
            "give it its own key or delete it",
            raw=",".join(f"{k}={v}" for k, v in values.items() if v), code="duplicate_key")


class Records:
    """Turns validated rows into records, table by table, remembering what was accepted (the
    curated reader's, and the analysts' facts' in etl/review.py)."""

    def __init__(self) -> None:
        self.batch = Batch()
        self.documents: dict[str, Document] = {}
        self.activities: dict[str, Activity] = {}
        self.rejected_activities: dict[str, str] = {}
        self.organisations: dict[str, Organisation] = {}
        self.agreements: dict[str, Agreement] = {}
        self.people: dict[tuple[str, str], Person] = {}

    # -- helpers ---------------------------------------------------------------------------
    def _document(self, row: Row) -> str | None:
        doc_id = row.values.get("document_id", "")
        if not doc_id:
            return None
        if doc_id not in self.documents:
            raise RowError(f"unknown document_id {doc_id!r}: add it to documents.csv first")
        return doc_id

    def _activity_ref(self, row: Row, required: bool) -> str | None:
        activity_id = row.values.get("activity_id", "")
        if not activity_id:
            if required:
                raise RowError("activity_id is empty")
            return None
        if activity_id in self.activities:
            return activity_id
        if activity_id in self.rejected_activities:
            raise RowError(f"activity {activity_id!r} was rejected "
                           f"({self.rejected_activities[activity_id]}); fix that row first")
        raise RowError(f"unknown activity_id {activity_id!r}: not in activities")

    def _required_activity(self, row: Row) -> str:
        activity_id = self._activity_ref(row, required=True)
        assert activity_id is not None  # `required`: an empty id raises instead
        return activity_id

    @staticmethod
    def _place(row: Row, column: str, role: PlaceRole | None = None) -> PlaceMention | None:
        """The place as written, its region column as written, and where: resolved later."""
        surface = row.values.get(column, "")
        if not surface:
            return None
        return PlaceMention(surface=surface, role=role,
                            region_hint=row.values.get("region") or None, locator=row.locator)

    @staticmethod
    def _date(row: Row, column: str, required: bool = False):
        value = row.values.get(column, "")
        if not value:
            if required:
                raise RowError(f"{column} is empty")
            return None
        try:
            return _parse_date(value)
        except DateError as exc:
            raise RowError(f"{column}: {exc}") from None

    # -- one method per table ----------------------------------------------------------------
    def add_documents(self, row: Row) -> None:
        doc_id = row.values["document_id"]
        if not row.values["title"]:
            raise RowError("title is empty")
        self.documents[doc_id] = Document(
            document_id=doc_id, title=row.values["title"], text=row.values.get("note", ""),
            published=self._date(row, "published"), published_from="curated",
            publisher=row.values.get("publisher", ""), url=row.values.get("url", ""),
            source_path=row.locator.split(":row")[0], origin="curated")

    def add_programs(self, row: Row) -> None:
        self._document(row)
        self.batch.programs.append(row.values["program"])

    def add_activities(self, row: Row) -> None:
        activity_id = row.values["activity_id"]
        try:
            self.activities[activity_id] = self._activity(row)
        except RowError as exc:
            self.rejected_activities.setdefault(activity_id, f"{row.locator}: {exc}")
            raise

    def _activity(self, row: Row) -> Activity:
        v = row.values
        if v["kind"] not in ACTIVITY_KINDS:
            raise RowError(f"unknown kind {v['kind']!r}: one of {', '.join(ACTIVITY_KINDS)}")
        if v["status"] not in STATUSES:
            raise RowError(f"unknown status {v['status']!r}: one of {', '.join(STATUSES)}")
        if not v["title"]:
            raise RowError("title is empty")
        start = self._date(row, "start", required=True)
        end = self._date(row, "end") or start
        if end.end < start.start:
            raise RowError(f"end {end.iso()} is before start {start.iso()}")
        return Activity(
            activity_id=v["activity_id"], kind=v["kind"], status=v["status"], title=v["title"],
            start=start, end=end, program=v.get("program") or None, origin="curated",
            document_id=self._document(row), evidence=v.get("note", ""),
            source_locator=row.locator)

    def add_activity_places(self, row: Row) -> None:
        activity_id = self._required_activity(row)
        role = row.values["role"]
        if role not in PLACE_ROLES:
            raise RowError(f"unknown role {role!r}: one of {', '.join(PLACE_ROLES)}")
        place = self._place(row, "place", cast(PlaceRole, role))
        if place is not None:  # an empty cell names no place
            self.activities[activity_id].places.append(place)

    def add_organisations(self, row: Row) -> None:
        name = row.values["organisation"]
        self.organisations[name] = Organisation(
            name=name, kind=row.values.get("kind") or None, place=self._place(row, "place"))

    def _organisation(self, name: str) -> str:
        # an organisation named only in people/participants still exists
        if name not in self.organisations:  # not setdefault: one object per name, not per row
            self.organisations[name] = Organisation(name=name)
        return name

    def add_people(self, row: Row) -> None:
        org = row.values.get("organisation", "")
        person = Person(name=row.values["person"], organisation=self._organisation(org) if org
                        else None, role=row.values.get("role") or None,
                        document_id=self._document(row))
        self.people[(person.name, org)] = person

    def add_activity_participants(self, row: Row) -> None:
        activity_id = self._required_activity(row)
        org, person = row.values.get("organisation", ""), row.values.get("person", "")
        if not org and not person:
            raise RowError("neither organisation nor person is given")
        if person and (person, org) not in self.people:
            self.people[(person, org)] = Person(name=person, organisation=org or None)
        self.activities[activity_id].participants.append(Participant(
            organisation=self._organisation(org) if org else None, person=person or None,
            role=row.values.get("role") or "participant"))

    def add_agreements(self, row: Row) -> None:
        v = row.values
        if not v["counterparty"]:
            raise RowError("counterparty is empty")
        agreement = Agreement(
            agreement_id=v["agreement_id"], counterparty=v["counterparty"],
            counterparty_kind=v.get("counterparty_kind") or None, place=self._place(row, "place"),
            signed=self._date(row, "signed"), program=v.get("program") or None,
            activity_id=self._activity_ref(row, required=False), origin="curated",
            document_id=self._document(row), evidence=v.get("note", ""),
            source_locator=row.locator)
        self._organisation(agreement.counterparty)
        self.organisations[agreement.counterparty].kind = (
            self.organisations[agreement.counterparty].kind or agreement.counterparty_kind)
        self.agreements[agreement.agreement_id] = agreement

    def finish(self) -> Batch:
        b = self.batch
        b.documents.extend(self.documents.values())
        b.activities.extend(self.activities.values())
        b.agreements.extend(self.agreements.values())
        b.organisations.extend(self.organisations.values())
        b.people.extend(self.people.values())
        return b
