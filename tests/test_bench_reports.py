"""Benchmark reports say how to run them again, settings included."""

from __future__ import annotations

import os
import sys

import pytest

from bench.reports import command_line


def test_a_report_command_carries_the_newsrag_settings_it_ran_with(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [n for n in os.environ if n.startswith("NEWSRAG_")]:
        monkeypatch.delenv(name)
    monkeypatch.setattr(sys, "argv", ["query.py", "--articles", "2000"])
    assert command_line("bench.query").endswith(" -m bench.query --articles 2000")
    assert "NEWSRAG" not in command_line("bench.query")
    monkeypatch.setenv("NEWSRAG_READER_SENTENCES", "2")
    monkeypatch.setenv("NEWSRAG_ANSWER_READER", "true")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")  # not a newsrag setting
    line = command_line("bench.query")
    assert line.startswith("NEWSRAG_ANSWER_READER=true NEWSRAG_READER_SENTENCES=2 ")
    assert "OMP_NUM_THREADS" not in line
