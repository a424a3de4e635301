"""Each stage owns one thing: sources read and validate, the resolve stage resolves places, load
builds rows; build-time scripts stay out of a run; no module reaches into another's privates."""

from __future__ import annotations

import ast
from pathlib import Path

from etl.config import Settings
from etl.resolve import resolve_places
from etl.sources.curated import read_curated
from tests.conftest import ROOT

RUN_TIME = ("etl", "dashboard")
BUILD_SCRIPTS = {"etl.geocode.build_gazetteer", "etl.geocode.build_region_shapes"}


def _modules(*folders: str):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT)
            yield ".".join(rel.with_suffix("").parts), ast.parse(path.read_text(encoding="utf-8"))


def _imports(tree: ast.AST) -> list[tuple[str, str | None]]:
    """(module, name) of every import; name is None for `import module`."""
    out: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out += [(node.module, a.name) for a in node.names]
        elif isinstance(node, ast.Import):
            out += [(a.name, None) for a in node.names]
    return out


def test_build_time_scripts_are_not_imported_at_run_time() -> None:
    importers = [module for module, tree in _modules(*RUN_TIME) if module not in BUILD_SCRIPTS
                 for imported, name in _imports(tree)
                 if imported in BUILD_SCRIPTS or f"{imported}.{name}" in BUILD_SCRIPTS]
    assert importers == []


def test_no_module_imports_another_modules_private_names() -> None:
    """`from etl.x import _helper` or `x._helper` outside x, tests included: give the helper a
    public name (or test through the public functions that use it)."""
    ours = ("etl", "dashboard", "bench", "tools", "tests")
    found = []
    for module, tree in _modules(*ours):
        imported = {a.asname or a.name: f"{node.module}.{a.name}"
                    for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                    and node.module and node.module.startswith(ours) for a in node.names}
        for module_name, name in _imports(tree):
            if name and name.startswith("_") and module_name.startswith(ours):
                found.append(f"{module}: from {module_name} import {name}")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__") and isinstance(node.value, ast.Name)
                    and node.value.id in imported):
                found.append(f"{module}: {node.value.id}.{node.attr}")
    assert found == []


def test_sources_only_read_and_validate() -> None:
    """No source module resolves places, extracts or builds rows."""
    later = ("etl.geocode", "etl.resolve", "etl.extract", "etl.load", "etl.merge")
    reaching = [f"{module}: {imported}" for module, tree in _modules("etl/sources")
                for imported, _ in _imports(tree) if imported.startswith(later)]
    assert reaching == []


def test_curated_places_are_resolved_by_the_resolve_stage(tmp_path: Path, resolver) -> None:
    """The reader hands places over as written; the resolve stage resolves them and quarantines
    a row naming an unknown place or region with its file and row."""
    cur = tmp_path / "curated"
    cur.mkdir()
    (cur / "activities.csv").write_text(
        "activity_id,kind,status,title,start\nA-1,mission,done,Миссия,2024-05\n",
        encoding="utf-8")
    (cur / "activity_places.csv").write_text(
        "activity_id,place,role,region\n"
        "A-1,Череповца,destination,\n"
        "A-1,Гдетотамск,destination,\n"
        "A-1,Кировска,destination,Нигдейская область\n", encoding="utf-8")
    (cur / "organisations.csv").write_text(
        "organisation,kind,place\nМастерская,workshop,Нигдеград\nСтудия,studio,Тула\n",
        encoding="utf-8")
    batch = read_curated(cur, Settings(state_dir=tmp_path / "state"))
    assert batch.rejected == []
    assert all(m.resolved is None for m in batch.activities[0].places)  # read, not resolved

    resolve_places(batch, resolver)
    (activity,) = batch.activities
    assert [(m.surface, m.resolved.name_ru) for m in activity.places] == [
        ("Череповца", "Череповец")]
    assert [o.name for o in batch.organisations] == ["Студия"]
    why = {r.locator: r.reason for r in batch.rejected}
    assert "unknown place 'Гдетотамск'" in why["curated/activity_places.csv:row 3"]
    assert "unknown region 'Нигдейская область'" in why["curated/activity_places.csv:row 4"]
    assert "unknown place 'Нигдеград'" in why["curated/organisations.csv:row 2"]
