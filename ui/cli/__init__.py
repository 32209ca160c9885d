"""The `newsrag` command line: `main` builds the typer app; one module per command group.

`cli`, `main` and the exit codes are re-exported here, so `ui.cli:main` stays the console
script. Nothing heavy is imported: `newsrag --help` must not load Chroma, a model or Gradio.
"""

from rag.errors import EXIT_LOCKED, EXIT_PARTIAL
from ui.cli.main import cli, main

__all__ = ["EXIT_LOCKED", "EXIT_PARTIAL", "cli", "main"]
