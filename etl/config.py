"""One Settings object: paths, geocoder mode, user agent. Environment variables override."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_WAREHOUSE = DATA_DIR / "warehouse.duckdb"


def warehouse_path() -> Path:
    """The live warehouse: `CR_WAREHOUSE` if set, else `data/warehouse.duckdb`.

    The dashboard reads the same variable, so both always agree.
    """
    return Path(os.environ.get("CR_WAREHOUSE") or DEFAULT_WAREHOUSE)


@dataclass(frozen=True)
class Settings:
    warehouse: Path = field(default_factory=warehouse_path)
    # input folders: `CR_CURATED_DIR` / `CR_DOCUMENTS_DIR` override (the dashboard's uploads
    # and a refresh it starts use the same ones)
    curated_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("CR_CURATED_DIR") or DATA_DIR / "curated"))
    documents_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("CR_DOCUMENTS_DIR") or DATA_DIR / "documents"))
    reference_dir: Path = DATA_DIR / "reference"
    # state that survives rebuilds: geocoding cache, run log, lock
    state_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("CR_STATE_DIR") or DATA_DIR / "state")
    )
    # the analysts' own store (decisions, added facts, audit log, uploads): beside the inputs
    analyst_dir: Path = field(
        default_factory=lambda: Path(os.environ.get("CR_ANALYST_DIR") or DATA_DIR / "analyst")
    )
    geocoder: str = field(default_factory=lambda: os.environ.get("CR_GEOCODER", "offline"))
    nominatim_domain: str = field(
        default_factory=lambda: os.environ.get("CR_NOMINATIM_DOMAIN", "nominatim.openstreetmap.org")
    )
    nominatim_scheme: str = field(
        default_factory=lambda: os.environ.get("CR_NOMINATIM_SCHEME", "https")
    )
    nominatim_timeout: float = field(
        default_factory=lambda: float(os.environ.get("CR_NOMINATIM_TIMEOUT", "10")))
    nominatim_min_delay: float = 1.0  # Nominatim's usage policy: at most 1 request/s
    user_agent: str = field(
        default_factory=lambda: os.environ.get(
            "CR_USER_AGENT", "creative-regions-etl/0.1 (analytics of regional programs)"
        )
    )
    max_document_bytes: int = 2_000_000  # larger documents are quarantined, not parsed
    max_curated_bytes: int = 200_000_000
    # what is read of one input at most, whatever its size on disk (each hit is quarantined
    # with the limit's name): a press release's text and sentences; a curated cell, the columns
    # of a row, the cells of a workbook and the bytes it unpacks to
    max_document_chars: int = 20_000  # ~10 pages (a few seconds of extraction); releases: 2-10 k
    max_document_sentences: int = 1_000
    max_title_chars: int = 500
    max_front_matter_bytes: int = 65_536
    max_cell_chars: int = 131_072
    max_columns: int = 200
    max_cells: int = 12_000_000
    max_unpacked_bytes: int = 600_000_000

    @property
    def geocode_cache(self) -> Path:
        return self.state_dir / "geocode_cache.sqlite"

    @property
    def run_log(self) -> Path:
        return self.state_dir / "runs.jsonl"

    @property
    def lock_file(self) -> Path:
        return self.warehouse.with_name(self.warehouse.name + ".lock")

    def with_(self, **changes) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
