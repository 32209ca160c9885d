"""Logging for the command line: newsrag's own output by default, libraries only with -v.

Configured once, in the CLI entry point; the library modules only ever call
`logging.getLogger(__name__)`.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings

OWN_LOGGERS = ("rag", "ingest", "ui", "bench")
QUIET, NORMAL, VERBOSE = -1, 0, 1


class _OwnOrSerious(logging.Filter):
    """Lets newsrag's records through from `own_level`, the libraries' from `library_level`."""

    def __init__(self, own_level: int, library_level: int) -> None:
        super().__init__()
        self.own_level = own_level
        self.library_level = library_level

    def filter(self, record: logging.LogRecord) -> bool:
        own = record.name.split(".", 1)[0] in OWN_LOGGERS
        return record.levelno >= (self.own_level if own else self.library_level)


def configure_logging(verbosity: int) -> None:
    """Send log records to stderr: QUIET errors only, NORMAL newsrag's warnings, VERBOSE all.

    Libraries' warnings (Python `warnings` and their loggers) are hidden unless VERBOSE, since
    what they say is either noise for a user ("consider pre-processing before quantization")
    or repeated by newsrag's own report (a page without text, a bad charset).
    """
    own_level = {QUIET: logging.ERROR, NORMAL: logging.WARNING}.get(verbosity, logging.INFO)
    library_level = logging.INFO if verbosity >= VERBOSE else logging.CRITICAL
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_OwnOrSerious(own_level, library_level))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(min(own_level, library_level))
    for name in OWN_LOGGERS:
        logging.getLogger(name).setLevel(own_level)
    if verbosity >= VERBOSE:
        logging.captureWarnings(True)
        warnings.simplefilter("default")
    else:
        warnings.simplefilter("ignore")
        # Libraries that print rather than log, read when they are first imported.
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
