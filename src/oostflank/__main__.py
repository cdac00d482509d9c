"""`python -m oostflank`."""

from oostflank.cli import main

main()
