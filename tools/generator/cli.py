"""``journey-warehouse generate``: write synthetic landing files."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

JSONL_MAX_EVENTS = 500_000  # above this touchpoints default to Parquet


def add_cli(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "generate",
        help="generate synthetic landing files (touchpoints, orders, refunds, feedback, CRM)",
        description="Generate a deterministic synthetic landing zone for the warehouse.",
    )
    parser.add_argument("--events", type=int, default=200_000, help="touchpoint events (approx.)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (same seed, same bytes)")
    parser.add_argument(
        "--out",
        type=Path,
        help="output directory (default: the landing folder, $JW_LANDING_DIR)",
    )
    parser.add_argument("--start", default="2025-01-01", help="first day (ISO date, UTC)")
    parser.add_argument("--days", type=int, default=365, help="length of the window in days")
    parser.add_argument(
        "--format",
        dest="touchpoint_format",
        choices=("parquet", "jsonl"),
        default=None,
        help=f"touchpoint file format (default: jsonl up to {JSONL_MAX_EVENTS:,} events, "
        "else parquet)",
    )
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share of faulty rows")
    parser.add_argument("--grain", choices=("month", "day"), default="month", help="file period")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    parser.set_defaults(func=run_cli)
    return parser


def run_cli(args: argparse.Namespace) -> int:
    from journey_warehouse.settings import Settings

    from .core import generate

    args.out = args.out or Settings.from_env().landing_dir
    fmt = args.touchpoint_format or ("jsonl" if args.events <= JSONL_MAX_EVENTS else "parquet")
    started = time.monotonic()
    result = generate(
        args.out,
        events=args.events,
        seed=args.seed,
        start=args.start,
        days=args.days,
        touchpoint_format=fmt,
        fault_rate=args.fault_rate,
        file_grain=args.grain,
        progress=not args.no_progress,
    )
    # the sender's marker: every file written before it is complete (the loader takes them at
    # once instead of waiting JW_LANDING_SETTLE_SECONDS; README, the landing-data contract)
    (Path(args.out) / "_SUCCESS").touch()
    elapsed = time.monotonic() - started
    print(f"wrote {len(result['files'])} files and _SUCCESS to {args.out} in {elapsed:.1f} s")
    for name, n in result["counts"].items():
        print(f"  {name:24} {n:>12,} rows")
    for name, n in result["entities"].items():
        print(f"  {name:24} {n:>12,}")
    for dataset, kinds in result["faults"].items():
        text = ", ".join(f"{k}={v}" for k, v in kinds.items() if v)
        if text:
            print(f"  faults {dataset:17} {text}")
    return 0
