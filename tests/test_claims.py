"""Claim verdicts: a source's claim against a record."""
from harness import claims


def record(**fields):
    return dict({"outcome": "ok"}, **fields)


def claim(**expect):
    return {"text": "t", "expect": expect}


def test_outcome_claims():
    c = claim(outcome="keras_history_error")
    assert claims.verdict(c, record(outcome="keras_history_error"))[0] == claims.HOLDS
    verdict, why = claims.verdict(c, record(outcome="error", error_type="ValueError"))
    assert verdict == claims.REFUTED and "outcome error" in why
    assert claims.verdict(claim(outcome=["ok", "error"]), record(outcome="error"))[0] == claims.HOLDS


def test_unjudgeable_outcomes_are_inconclusive():
    for outcome in ("not_applicable", "timeout", "env_error", "not_run", "case_error"):
        assert claims.verdict(claim(outcome="ok"), record(outcome=outcome))[0] == claims.INCONCLUSIVE
    # A crash refutes a claim that the code works.
    assert claims.verdict(claim(outcome="ok"), record(outcome="crash"))[0] == claims.REFUTED


def test_error_type_and_message():
    c = claim(error_type="AttributeError", message="_keras_history")
    r = record(outcome="error", error_type="ValueError", error_message="Unknown layer: ResidualBlock")
    verdict, why = claims.verdict(c, r)
    assert verdict == claims.REFUTED and "ValueError" in why and "_keras_history" in why


def test_gradient_claims():
    c = claim(grads={"grad_1": "none", "grad_2": "ok"})
    assert claims.verdict(c, record(grads={"grad_1": "none", "grad_2": "ok"}))[0] == claims.HOLDS
    verdict, why = claims.verdict(c, record(outcome="grad_dropped", grads={"grad_1": "none", "grad_2": "none"}))
    assert verdict == claims.REFUTED and "grad_2 is none" in why
    # "dropped" accepts None and all-zero.
    assert claims.verdict(claim(grads={"w": "dropped"}), record(grads={"w": "zero"}))[0] == claims.HOLDS
    # A gradient the case never got to compute refutes a claim about it.
    verdict, why = claims.verdict(c, record(outcome="error"))
    assert verdict == claims.REFUTED and "not computed" in why


def test_observed_values():
    c = claim(observed={"has_history": True})
    assert claims.verdict(c, record(observed={"has_history": True}))[0] == claims.HOLDS
    assert claims.verdict(c, record(observed={"has_history": False}))[0] == claims.REFUTED
    assert claims.verdict(c, record())[0] == claims.REFUTED


def test_no_claim():
    assert claims.verdict(None, record())[0] == claims.NO_CLAIM
    assert claims.verdict({"text": "says nothing checkable"}, record())[0] == claims.NO_CLAIM


def test_validate_expect():
    assert claims.validate_expect({"outcome": "ok"}) == []
    problems = claims.validate_expect({"outcome": "works", "grads": {"w": "gone"}, "colour": 1, "message": "("})
    assert len(problems) == 4
    assert claims.validate_expect({}) and claims.validate_expect(None)
