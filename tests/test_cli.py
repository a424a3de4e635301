"""The `etl` command as an operator uses it."""

from __future__ import annotations

import json

from filelock import FileLock
from typer.testing import CliRunner

from etl.cli import app
from etl.schedule import make_scheduler

runner = CliRunner()


def test_run_publishes_and_prints_a_summary(tmp_path, monkeypatch):
    monkeypatch.setenv("CR_STATE_DIR", str(tmp_path / "state"))
    (tmp_path / "none").mkdir()
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["run", "--db", str(db), "--documents", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert "published" in result.output and "activity" in result.output
    status = runner.invoke(app, ["status", "--db", str(db), "--json"])
    assert status.exit_code == 0
    info = json.loads(status.output)
    assert info["counts"]["agreement"] == 3
    assert info["runs"][0]["status"] == "published"


def test_warehouse_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CR_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CR_WAREHOUSE", str(tmp_path / "env.duckdb"))
    (tmp_path / "none").mkdir()
    result = runner.invoke(app, ["run", "-q", "--documents", str(tmp_path / "none")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.duckdb").exists()


def test_status_without_a_warehouse_says_so_and_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("CR_STATE_DIR", str(tmp_path / "state"))
    result = runner.invoke(app, ["status", "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 1
    assert "etl run" in result.output


def test_nothing_published_exits_non_zero_with_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("CR_STATE_DIR", str(tmp_path / "state"))
    db = tmp_path / "w.duckdb"
    with FileLock(str(db) + ".lock"):
        result = runner.invoke(app, ["run", "--db", str(db)])
    assert result.exit_code == 75
    assert "another ETL run" in result.output
    assert not db.exists()


def test_unknown_geocoder_is_refused(tmp_path):
    result = runner.invoke(app, ["run", "--db", str(tmp_path / "w.duckdb"), "--geocoder", "magic"])
    assert result.exit_code == 2


def test_schedule_uses_the_given_timezone(tmp_path):
    from rich.console import Console

    from tests.conftest import make_settings

    scheduler = make_scheduler(make_settings(tmp_path), "0 3 * * *", "Europe/Moscow", Console())
    job = scheduler.get_jobs()[0]
    assert str(job.trigger.timezone) == "Europe/Moscow"
    assert job.max_instances == 1 and job.coalesce
