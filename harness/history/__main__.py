"""`python -m harness.history pack|restore` (harness/history/publish.py)."""
import sys

from .publish import main

sys.exit(main())
