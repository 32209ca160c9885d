"""`python -m ui.cli`: the `newsrag` command."""

from ui.cli.main import main

main()
