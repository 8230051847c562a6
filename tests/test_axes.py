"""The environment axes (harness/axes.py): declared values, ordering, claim scopes."""
import pytest

from harness import axes, claims


def values(**kw):
    base = {"tf": "2.15.1", "flavour": "tf.keras", "backend": "tensorflow", "python": "3.11", "device": "cpu",
            "also": ()}
    base.update(kw)
    return base


def test_column_order_is_tf_then_flavour_then_the_other_axes():
    cols = [values(tf="2.16.2", flavour="keras3"), values(tf="2.16.2", flavour="tf_keras"),
            values(tf="nightly"), values(tf=None, flavour="keras3", backend="jax"), values(tf="2.9.3"),
            values(tf="1.15.5", flavour="keras-standalone"), values(tf="2.16.2", flavour="keras3", python="3.13"),
            values(tf="2.16.2", flavour="keras3", device="cuda")]
    ordered = sorted(cols, key=axes.sort_key)
    assert [(c["tf"], c["flavour"], c["python"], c["device"]) for c in ordered] == [
        ("1.15.5", "keras-standalone", "3.11", "cpu"), ("2.9.3", "tf.keras", "3.11", "cpu"),
        ("2.16.2", "tf_keras", "3.11", "cpu"), ("2.16.2", "keras3", "3.11", "cpu"),
        ("2.16.2", "keras3", "3.11", "cuda"), ("2.16.2", "keras3", "3.13", "cpu"),
        (None, "keras3", "3.11", "cpu"), ("nightly", "tf.keras", "3.11", "cpu")]


def test_what_a_run_saw_wins_over_what_the_row_declared():
    env = {"tensorflow": {"version": "2.22.0-dev20261201"}, "keras": {"flavour": "keras3", "backend": "tensorflow"},
           "python": {"version": "3.12.1"}, "device": {"kind": "cpu"}, "packages": {"tf-keras": "2.21.0"}}
    seen = axes.actual(env, values(tf="nightly", flavour="keras3", device="cuda", also=("tf_keras",)))
    assert seen["tf"] == "2.22.0-dev20261201" and seen["python"] == "3.12"
    assert seen["device"] == "cpu"          # a CUDA row that ran on the CPU is never labelled CUDA
    assert seen["also"] == ("tf_keras",)
    assert axes.actual(None, values()) == values()   # nothing seen: the declaration stands
    assert axes.line_of(values(flavour="keras3", backend="jax")) == "keras3 jax"
    assert axes.line_of(values(flavour="keras3", also=("tf_keras",))) == "keras3 +tf_keras"


@pytest.mark.parametrize("scope, env, inside", [
    ({"tf": ">=2.0,<2.16"}, values(tf="2.15.1"), True),
    ({"tf": ">=2.0,<2.16"}, values(tf="2.16.2"), False),
    ({"tf": ">=2.16"}, values(tf="nightly"), True),
    ({"tf": ">=2.16"}, values(tf="2.22.0-dev20261201"), True),
    ({"tf": ">=2.0"}, values(tf=None), False),
    ({"flavour": ["tf.keras", "keras3"]}, values(flavour="tf_keras"), False),
    ({"flavour": "keras3", "also": "tf_keras"}, values(flavour="keras3", also=("tf_keras",)), True),
    ({"python": ">=3.12"}, values(python="3.11"), False),
])
def test_claim_scopes(scope, env, inside):
    assert axes.check_scope(scope) == []
    assert claims.in_scope({"text": "t", "scope": scope}, env) is inside


@pytest.mark.parametrize("scope, problem", [
    ({"tf": "newer"}, "bad version spec"),
    ({"flavour": "keras4"}, "unknown value"),
    ({"gpu": "yes"}, "unknown axis"),
    ({}, "non-empty mapping"),
    ("tf>=2", "non-empty mapping"),
])
def test_malformed_scopes_are_refused(scope, problem):
    assert any(problem in p for p in axes.check_scope(scope))
