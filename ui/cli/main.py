"""The `newsrag` typer app: options shared by every command, error handling, `main`.

The commands live one module per group (`ask`: the read commands, `ingest`: the writing ones,
`serve`, `doctor`) and are registered here, in the order `--help` lists them. Heavy modules
(Chroma, the models, LangChain, Gradio) are imported inside the commands that need them, so
`--help` and `--version` answer at once.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
import typer.core

from rag.errors import NewsragError
from ui.cli.ask import ask, chat, search, stats
from ui.cli.doctor import doctor
from ui.cli.ingest import ingest, reindex, verify, watch
from ui.cli.logs import NORMAL, QUIET, VERBOSE, configure_logging
from ui.cli.serve import serve

__all__ = ["cli", "main"]


class _Group(typer.core.TyperGroup):
    """Turns a `NewsragError` into one line on stderr and its exit code (a bug keeps its
    traceback; `--verbose` shows the traceback of a `NewsragError` too).

    The only place the command line catches `NewsragError`: commands let it through."""

    def invoke(self, ctx: Any) -> Any:  # typer's vendored click.Context
        try:
            return super().invoke(ctx)
        except NewsragError as exc:
            if ctx.meta.get("newsrag.verbosity", NORMAL) >= VERBOSE:
                raise
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None


cli = typer.Typer(
    cls=_Group,
    help="newsrag: ask questions about news articles, with cited passages.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # click's plain help: rich's rendering costs ~0.3 s per --help
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"newsrag {version('newsrag')}")
        except PackageNotFoundError:  # run from a checkout that was never installed
            typer.echo("newsrag (not installed)")
        raise typer.Exit()


@cli.callback()
def _main(
    ctx: typer.Context,
    verbose: Annotated[
        bool, typer.Option("-v", "--verbose", help="Show newsrag's and the libraries' logs.")
    ] = False,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Show only errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """newsrag: ask questions about news articles, with cited passages."""
    verbosity = VERBOSE if verbose else QUIET if quiet else NORMAL
    ctx.meta["newsrag.verbosity"] = verbosity
    configure_logging(verbosity)


def main() -> None:
    """The `newsrag` console script."""
    cli()


for command in (ingest, reindex, ask, chat, search, stats, verify, watch, serve, doctor):
    cli.command()(command)
