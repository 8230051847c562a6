"""Outcome classification: which exceptions count as the `_keras_history` error."""
import sys

import pytest

from harness import outcomes


@pytest.mark.parametrize("message", [
    "'Tensor' object has no attribute '_keras_history'",
    "'SymbolicTensor' object has no attribute '_keras_history'",
    "'EagerTensor' object has no attribute '_keras_history'",
    "'Functional' object has no attribute '_keras_history'. Did you mean: '_keras_api_names'?",
    "'NoneType' object has no attribute '_keras_history'",
])
def test_keras_history_error_whatever_the_class(message):
    outcome, error_type, text = outcomes.classify_exception(AttributeError(message))
    assert (outcome, error_type, text) == (outcomes.KERAS_HISTORY_ERROR, "AttributeError", message)


@pytest.mark.parametrize("exc", [
    # Quoting source code that mentions the attribute is not the error.
    AttributeError("'Tensor' object has no attribute 'numpy'\n  x._keras_history"),
    AttributeError("error in line `layer = t._keras_history[0]`: 'Tensor' object has no attribute 'op'"),
    # Right words, wrong exception type.
    ValueError("'Tensor' object has no attribute '_keras_history'"),
    # A different missing attribute.
    AttributeError("'Tensor' object has no attribute '_keras_mask'"),
])
def test_other_errors_are_not_keras_history(exc):
    assert outcomes.classify_exception(exc)[0] == outcomes.ERROR


@pytest.mark.skipif(sys.version_info < (3, 10), reason="AttributeError.name/obj exist from Python 3.10")
def test_a_real_attribute_lookup_is_recognised():
    class Tensor:
        pass
    try:
        Tensor()._keras_history
    except AttributeError as exc:
        assert outcomes.keras_history_class(exc) == "Tensor"
    else:  # pragma: no cover
        pytest.fail("no AttributeError")


def test_message_is_first_non_empty_line_and_bounded():
    outcome, error_type, text = outcomes.classify_exception(ValueError("\n  A KerasTensor cannot be used\nmore"))
    assert (outcome, error_type, text) == (outcomes.ERROR, "ValueError", "A KerasTensor cannot be used")
    assert len(outcomes.first_line("x" * 5000)) == outcomes.MAX_MESSAGE


def test_completion_with_gradients():
    assert outcomes.classify_completion(["w"], {"w": "ok"}) == (outcomes.OK, None)
    assert outcomes.classify_completion(["w", "b"], {"w": "none", "b": "zero"}) == (
        outcomes.GRAD_DROPPED, "w=none, b=zero")
    # Gradients nobody required do not change the outcome.
    assert outcomes.classify_completion([], {"w": "none"}) == (outcomes.OK, None)
    outcome, reason = outcomes.classify_completion(["w"], {})
    assert outcome == outcomes.CASE_ERROR and "w" in reason


def test_exit_codes():
    assert outcomes.classify_exit(-11) == (None, 11)
    assert outcomes.classify_exit(3) == (3, None)


def test_tf_function_user_code_error_keeps_the_wrapped_message():
    # TF 2.x re-raises errors from a traced train step as "in user code:" + traceback.
    wrapped = ValueError(
        "in user code:\n\n    File \"training.py\", line 1377, in train_function  *\n"
        "        return step_function(self, iterator)\n\n"
        "    ValueError: No gradients provided for any variable: (['dense/kernel:0'],).\n")
    outcome, error_type, text = outcomes.classify_exception(wrapped)
    assert (outcome, error_type) == (outcomes.ERROR, "ValueError")
    assert text == "No gradients provided for any variable: (['dense/kernel:0'],)."
    # Without a recognisable error line the first line is kept.
    assert outcomes.error_message(ValueError("in user code:\n  File x\n  nothing")) == "in user code:"


def test_keras_call_header_is_skipped():
    exc = ValueError("Exception encountered when calling layer 'block' (type Block).\n\n"
                     "\x1b[1mInputs have incompatible shapes. Received shapes (8, 8, 3) and (8, 8, 4)\x1b[0m\n\n"
                     "Call arguments received by layer 'block' (type Block):")
    assert outcomes.classify_exception(exc)[2] == \
        "Inputs have incompatible shapes. Received shapes (8, 8, 3) and (8, 8, 4)"


def test_tf1_converted_code_is_unwrapped():
    exc = ValueError("in converted code:\n\n    f.py:3 call\n        x = y\n\n"
                     "    ValueError: Operands could not be broadcast together")
    assert outcomes.classify_exception(exc)[2] == "Operands could not be broadcast together"
