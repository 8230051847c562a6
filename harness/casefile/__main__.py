"""`python -m harness.casefile [ROOT]`: list cases and claims, report broken files;
`python -m harness.casefile export ...`: a variant as a standalone script (harness/export.py)."""
import sys

from . import discover


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "export":
        from .. import export   # host side (Python 3.10+); listing runs anywhere
        return export.main(argv[1:])
    scenarios, errors = discover(argv[0] if argv else "cases")
    for scenario in scenarios:
        for variant in scenario.variants:
            claim = variant.claim or {}
            print("%-60s %-10s %s" % (variant.case_id, variant.meta["role"], claim.get("text", "")))
    for error in errors:
        print("BROKEN %s" % error, file=sys.stderr)
    print("%d scenarios, %d variants, %d broken files" % (
        len(scenarios), sum(len(s.variants) for s in scenarios), len(errors)), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
