"""Where the tests find the repository, the seed articles, their fixtures and shared data."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED_FILE = next(SEEDS.glob("*.txt"))
SHARED_DATA = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "tests" / "fixtures"
