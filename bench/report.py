"""The figure table of a bench run (bench/out/results.json -> markdown).

    python -m bench.report            # re-print the last run's table
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def _rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.0f}" if seconds else "—"


def table(r: dict) -> str:
    lines = [f"# Benchmark figures ({r['machine']['cpus']} CPUs, {r['reruns']} reruns per page)",
             "", "## ETL (curated tables through etl.pipeline.run)", "",
             "| activities | curated rows | refresh s | rows/s (whole run) | resolver s | "
             "curated read s | build+load s | CPU s | peak RSS MB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for n, size in r["sizes"].items():
        e = size["etl"]
        st = e["stages"]
        lines.append(f"| {int(n):,} | {e['curated_rows']:,} | {e['seconds']:.1f} | "
                     f"{_rate(e['curated_rows'], e['seconds'])} | {st.get('reference', 0):.1f} | "
                     f"{st.get('curated', 0):.1f} | {st.get('load', 0):.1f} | "
                     f"{e.get('cpu_s', '—')} | {e['peak_rss_mb']:,.0f} |")
    if "extract" in r:
        e = r["extract"]
        st = e["stages"]
        docs_s = st.get("documents", 0)
        lines += ["", "## Extraction (press releases of ~3 KB, one process, BLAS pinned to "
                  "1 thread)", "",
                  "| press releases | MB | models load s | extraction s | documents/s | MB/s | "
                  "total refresh s | peak RSS MB |", "|---|---|---|---|---|---|---|---|",
                  f"| {e['documents']:,} | {e['documents_bytes'] / 1e6:.1f} | "
                  f"{st.get('models', 0):.1f} | {docs_s:.1f} | {_rate(e['documents'], docs_s)} | "
                  f"{(e['documents_bytes'] / 1e6 / docs_s if docs_s else 0):.2f} | "
                  f"{e['seconds']:.1f} | {e['peak_rss_mb']:,.0f} |"]
    if r.get("refresh"):
        lines += ["", "## Refresh after one new press release (bench/refresh_bench.py)", "",
                  "| releases | first run s | cold | refresh after one s (CPU s) | "
                  "share of first | workers | load avg (first / refresh) |",
                  "|---|---|---|---|---|---|---|"]
        for n, x in r["refresh"].items():
            f, a = x["first_run"], x["refresh_after_one"]
            lines.append(f"| {int(n):,} | {f['seconds']:.1f} | {'yes' if f['cold'] else 'no'} | "
                         f"{a['seconds']:.1f} ({a.get('cpu_s', '—')}) | "
                         f"{x['refresh_share_of_first']:.0%} | "
                         f"{x['workers']} | {f['load_avg_1m']} / {a['load_avg_1m']} |")
    if "extract_steady" in r:
        x = r["extract_steady"]
        lines += ["", "Steady state after the models are loaded (bench/extract_bench.py): "
                  f"{x['documents']} documents, {x['bytes'] / 1e6:.2f} MB in {x['wall_s']} s "
                  f"wall / "
                  f"{x['cpu_s']} s CPU = **{x['docs_per_s']} documents/s** "
                  f"({x['docs_per_cpu_s']} per CPU-second), {x['mb_per_s']} MB/s; models load and "
                  f"first document {x['load_s']} s; peak RSS {x['peak_rss_mb']:,.0f} MB."]
    lines += ["", "## Dashboard: rerun after a filter change (server side, AppTest) vs the raw "
              "DuckDB floor (same SQL, same parameters)", "",
              "| activities | page | rerun median ms | rerun p95 ms | rerun CPU median ms | "
              "floor median ms | floor p95 ms | median / floor | queries per rerun |",
              "|---|---|---|---|---|---|---|---|---|"]
    for n, size in r["sizes"].items():
        for page, p in size.get("dashboard", {}).get("pages", {}).items():
            ratio = (p["rerun"]["median_ms"] / p["floor"]["median_ms"]
                     if p["floor"]["median_ms"] else None)
            err = f" ({p['errors']} reruns raised)" if p.get("errors") else ""
            lines.append(f"| {int(n):,} | {page}{err} | {p['rerun']['median_ms']:.0f} | "
                         f"{p['rerun']['p95_ms']:.0f} | "
                         f"{p.get('rerun_cpu', {}).get('median_ms', 0):.0f} | "
                         f"{p['floor']['median_ms']:.0f} | "
                         f"{p['floor']['p95_ms']:.0f} | "
                         f"{f'{ratio:.1f}×' if ratio else 'no query'} | "
                         f"{p['queries_per_rerun']} |")
    lines += ["", "## Dashboard process: cold start, map points, memory", "",
              "| activities | health s | first page rendered s | map points sent (max) | "
              "server peak RSS MB (6 pages in chromium) | AppTest worker peak RSS MB | "
              "one session, distinct-filter reruns: peak RSS MB (RSS at the end) |",
              "|---|---|---|---|---|---|---|"]
    for n, size in r["sizes"].items():
        c, d, m = size.get("coldstart", {}), size.get("dashboard", {}), size.get("memory")
        sustained = (f"{m['peak_rss_mb']} ({m['samples'][-1]['rss_mb']}) after {m['reruns']}"
                     if m else "—")
        points = d.get("pages", {}).get("map", {}).get("map_points_max")
        lines.append(f"| {int(n):,} | {c.get('health_s', '—')} | {c.get('first_page_s', '—')} | "
                     f"{points if points is not None else '—'} | "
                     f"{c.get('server_peak_rss_mb', '—')} | {d.get('peak_rss_mb', '—')} | "
                     f"{sustained} |")
    lines += concurrency_table(r)
    lines += ["", f"Total bench time: {r.get('total_s', '—')} s", ""]
    return "\n".join(lines)


def concurrency_table(r: dict) -> list[str]:
    """bench/concurrency.py: N websocket sessions at once on the real server."""
    sized = [(n, size["concurrency"]) for n, size in r["sizes"].items() if "concurrency" in size]
    if not sized:
        return []
    changes = sized[0][1]["changes_per_session"]
    lines = ["", f"## Many sessions at once (`streamlit run`, websocket sessions, {changes} "
             "filter changes each, back to back)", "",
             "| activities | sessions | change p50 ms | change p95 ms | open p50 ms | "
             "open p95 ms | runs/s | server CPU % (of one core) | server CPU ms per run | "
             "server RSS MB (peak) | load avg before → after | errors |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for n, c in sized:
        for row in c["rows"]:
            replicas = f" ({row['replicas']} replicas)" if row.get("replicas", 1) > 1 else ""
            if row.get("think_s"):
                replicas += f", {row['think_s']} s apart"
            lines.append(
                f"| {int(n):,} | {row['sessions']}{replicas} | {row['change']['p50_ms']} | "
                f"{row['change']['p95_ms']} | {row['open']['p50_ms']} | {row['open']['p95_ms']} | "
                f"{row['runs_per_s']} | {row.get('server_cpu_pct', '—')} | "
                f"{row.get('cpu_ms_per_run', '—')} | "
                f"{row.get('server_rss_mb', '—')} ({row.get('server_peak_rss_mb', '—')}) | "
                f"{row['load_before']} → {row['load_after']} | {len(row['errors'])} |")
    return lines


if __name__ == "__main__":
    print(table(json.loads((OUT / "results.json").read_text())))
