"""How each outcome looks: a short text label and a colour-blind safe colour.

Colours are the Okabe-Ito palette; every cell also carries its text label, so
the table reads the same without colour (print, colour-blind readers).
"""
from harness import outcomes

# outcome -> (label, background, text colour)
OUTCOME_STYLE = {
    outcomes.OK: ("OK", "#009E73", "#ffffff"),                    # bluish green
    outcomes.KERAS_HISTORY_ERROR: ("KH", "#D55E00", "#ffffff"),   # vermillion
    outcomes.ERROR: ("ERR", "#E69F00", "#000000"),                # orange
    outcomes.GRAD_DROPPED: ("GRAD", "#CC79A7", "#000000"),        # reddish purple
    outcomes.CRASH: ("CRASH", "#000000", "#ffffff"),              # black
    outcomes.TIMEOUT: ("TIME", "#0072B2", "#ffffff"),             # blue
    outcomes.NOT_APPLICABLE: ("N/A", "#dddddd", "#000000"),       # light grey
    outcomes.CASE_ERROR: ("CASE", "#F0E442", "#000000"),          # yellow
    outcomes.ENV_ERROR: ("ENV", "#56B4E9", "#000000"),            # sky blue
    outcomes.NOT_RUN: ("--", "#ffffff", "#555555"),               # white
}
assert set(OUTCOME_STYLE) == set(outcomes.OUTCOMES)

DESCRIPTION = {
    outcomes.OK: "ran to the end, every required gradient present",
    outcomes.KERAS_HISTORY_ERROR: "AttributeError: ... has no attribute '_keras_history'",
    outcomes.ERROR: "another exception",
    outcomes.GRAD_DROPPED: "ran, but a required gradient was None or zero",
    outcomes.CRASH: "the case process died",
    outcomes.TIMEOUT: "killed after its time limit",
    outcomes.NOT_APPLICABLE: "the environment lacks what the case needs",
    outcomes.CASE_ERROR: "the case file is broken",
    outcomes.ENV_ERROR: "the environment could not be built or imported",
    outcomes.NOT_RUN: "not run here",
}

# Only judged cells get a mark; "inconclusive" is in the tooltip (most not-run cells would carry it).
VERDICT_MARK = {"holds": "\u2713", "refuted": "\u2717"}


def label(outcome):
    return OUTCOME_STYLE[outcome][0]


def css_rules():
    """One CSS class per outcome (o-ok, o-error ...)."""
    return "\n".join(".o-%s{background:%s;color:%s}" % (name, bg, fg)
                     for name, (_, bg, fg) in OUTCOME_STYLE.items())
