"""`python -m harness.history fetch|fetch-index|fetch-table|add|publish|compact|verify` (cli.py)."""
import sys

from .cli import main

sys.exit(main())
