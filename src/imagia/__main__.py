"""``python -m imagia`` runs the CLI."""

from imagia.cli import main

main()
