"""The outcome table and the reading of what a user sees (harness/outcomes.py,
harness/runner/user_error.py). Real tracebacks from many versions: test_user_error.py."""
import sys

import pytest

from harness import outcomes
from harness.runner import user_error


def test_every_outcome_is_one_row_with_all_its_properties():
    assert len(set(outcomes.OUTCOMES)) == len(outcomes.TABLE)
    for row in outcomes.TABLE:
        assert row.label and row.background.startswith("#") and row.foreground.startswith("#")
        assert row.letter and row.description
    # what the runner, the judge and the report derive from it
    assert outcomes.JUDGEABLE == ("ok", "keras_history_error", "error", "grad_dropped", "silent_failure", "crash")
    assert set(outcomes.ENV_LEVEL) == {"env_error", "not_run"}
    assert outcomes.FLAKY not in outcomes.RECORDED
    assert {"crash", "timeout", "setup_error", "case_error", "env_error"} == set(outcomes.FAILS_ITEM)
    assert [d["name"] for d in outcomes.as_data()] == list(outcomes.OUTCOMES)
    with pytest.raises(KeyError, match="unknown outcome"):
        outcomes.get("nope")


@pytest.mark.parametrize("message", [
    "'Tensor' object has no attribute '_keras_history'",
    "'SymbolicTensor' object has no attribute '_keras_history'",
    "'EagerTensor' object has no attribute '_keras_history'",
    "'Functional' object has no attribute '_keras_history'. Did you mean: '_keras_api_names'?",
    "'NoneType' object has no attribute '_keras_history'",
])
def test_keras_history_error_whatever_the_class(message):
    fields = user_error.classify(AttributeError(message))
    assert (fields["outcome"], fields["error_type"], fields["error_message"]) == (
        outcomes.KERAS_HISTORY_ERROR, "AttributeError", message)


@pytest.mark.parametrize("exc", [
    # Quoting source code that mentions the attribute is not the error.
    AttributeError("'Tensor' object has no attribute 'numpy'\n  x._keras_history"),
    AttributeError("error in line `layer = t._keras_history[0]`: 'Tensor' object has no attribute 'op'"),
    # Right words, wrong exception type.
    ValueError("'Tensor' object has no attribute '_keras_history'"),
    # A different missing attribute.
    AttributeError("'Tensor' object has no attribute '_keras_mask'"),
    # autograph quoting the user's line `y_pred._keras_history`, but the error is another one
    ValueError("in user code:\n\n    File \"l.py\", line 5, in loss  *\n        h = y_pred._keras_history\n\n"
               "    ValueError: bad shape"),
])
def test_other_errors_are_not_keras_history(exc):
    assert user_error.classify(exc)["outcome"] == outcomes.ERROR


def test_errors_inside_fit_are_read_through_autograph_and_keras_call_contexts():
    # autograph (TF 2.5+ frame format) around Keras 2.13's call context around the error
    exc = AttributeError(
        "in user code:\n\n    File \"/x/training.py\", line 1338, in train_function  *\n"
        "        return step_function(self, iterator)\n"
        "    File \"l.py\", line 5, in f  *\n        x._keras_history\n\n"
        "    AttributeError: Exception encountered when calling layer \"lambda\" (type Lambda).\n    \n"
        "    'SymbolicTensor' object has no attribute '_keras_history'\n    \n"
        "    Call arguments received by layer \"lambda\" (type Lambda):\n"
        "      \u2022 inputs=tf.Tensor(shape=(None, 2), dtype=float32)\n")
    fields = user_error.classify(exc)
    assert fields["outcome"] == outcomes.KERAS_HISTORY_ERROR
    assert fields["wrappers"] == ["autograph", "keras_call"]
    assert fields["error_message"] == "'SymbolicTensor' object has no attribute '_keras_history'"
    # TF 2.2-2.4 frame format ("path:line function")
    exc = AttributeError("in user code:\n\n    /x/training.py:571 train_function  *\n        outputs = 1\n"
                         "    kh_loss.py:5 loss\n        y_pred._keras_history\n\n"
                         "    AttributeError: 'Tensor' object has no attribute '_keras_history'\n")
    assert user_error.classify(exc)["outcome"] == outcomes.KERAS_HISTORY_ERROR


def test_a_python_error_inside_an_op_error_is_the_one_the_user_reads():
    fields = user_error.read_text(
        "UnknownError", "AttributeError: 'Tensor' object has no attribute '_keras_history'\n"
        "Traceback (most recent call last):\n\n  File \"x\", line 2, in f\n    x._keras_history\n\n"
        "AttributeError: 'Tensor' object has no attribute '_keras_history'\n\n\t [[{{node EagerPyFunc}}]]")
    assert fields["keras_history"] and fields["error_type"] == "AttributeError"
    assert fields["raised_type"] == "UnknownError" and fields["wrappers"] == ["op_error"]


def test_an_error_before_the_subject_step_is_a_setup_error():
    fields = user_error.classify(ValueError("Input size must be at least 48x48"), subject_reached=False)
    assert fields["outcome"] == outcomes.SETUP_ERROR and fields["error_type"] == "ValueError"


@pytest.mark.skipif(sys.version_info < (3, 10), reason="the printed suggestion exists from Python 3.10")
def test_a_real_attribute_lookup_keeps_the_printed_last_line():
    class Tensor:
        pass
    try:
        Tensor()._keras_history
    except AttributeError as exc:
        fields = user_error.classify(exc)
    assert fields["outcome"] == outcomes.KERAS_HISTORY_ERROR
    assert fields["error_last_line"].startswith("AttributeError: 'Tensor' object has no attribute '_keras_history'")


def test_message_is_first_non_empty_line_and_bounded():
    fields = user_error.classify(ValueError("\n  A KerasTensor cannot be used\nmore"))
    assert fields["error_message"] == "A KerasTensor cannot be used"
    assert len(user_error.classify(ValueError("x" * 5000))["error_message"]) == 500


def test_completion_with_gradients_and_effects():
    assert outcomes.classify_completion(["w"], {"w": "ok"}) == (outcomes.OK, None)
    assert outcomes.classify_completion(["w", "b"], {"w": "none", "b": "zero"}) == (
        outcomes.GRAD_DROPPED, "w=none, b=zero")
    assert outcomes.classify_completion([], {"w": "none"}) == (outcomes.OK, None)  # not required
    outcome, reason = outcomes.classify_completion(["w"], {})
    assert outcome == outcomes.CASE_ERROR and "w" in reason
    assert outcomes.classify_completion([], {}, ["trained"], {"trained": "no"}) == (
        outcomes.SILENT_FAILURE, "trained did not happen")
    assert outcomes.classify_completion([], {}, ["trained"], {"trained": "yes"}) == (outcomes.OK, None)


def test_exit_codes():
    assert outcomes.classify_exit(-11) == (None, 11)
    assert outcomes.classify_exit(3) == (3, None)


def test_tf1_converted_code_and_keras3_call_context_are_unwrapped():
    exc = ValueError("in converted code:\n\n    f.py:3 call\n        x = y\n\n"
                     "    ValueError: Operands could not be broadcast together")
    assert user_error.classify(exc)["error_message"] == "Operands could not be broadcast together"
    exc = ValueError("Exception encountered when calling Lambda.call().\n\n"
                     "\x1b[1mA KerasTensor cannot be used as input to a TensorFlow function.\x1b[0m\n\n"
                     "Arguments received by Lambda.call():\n  \u2022 args=('<KerasTensor>',)")
    assert user_error.classify(exc)["error_message"] == "A KerasTensor cannot be used as input to a TensorFlow function."


def test_keras3_shape_inference_wrapper_is_looked_through():
    exc = NotImplementedError(
        "Exception encountered when calling MeanMetricLayer.call().\n\n\x1b[1mCould not automatically infer the "
        "output shape / dtype of 'mean_metric_layer' (of type MeanMetricLayer). Either the `MeanMetricLayer.call()` "
        "method is incorrect, or you need to implement the `MeanMetricLayer.compute_output_spec() / "
        "compute_output_shape()` method. Error encountered:\n\nLayer `add_metric()` method is deprecated. Add your "
        "metric in `Model.compile(metrics=[...])`.\x1b[0m\n\nArguments received by MeanMetricLayer.call():\n"
        "  \u2022 args=('<KerasTensor shape=(None, 3)>',)")
    fields = user_error.classify(exc)
    assert fields["wrappers"] == ["keras_call", "keras_infer"]
    assert fields["error_message"].startswith("Layer `add_metric()` method is deprecated.")


def test_legacy_deserialization_wrapper_is_looked_through():
    # tf.keras 2.13-2.15 (and Keras 3's legacy .h5 loader): the inner error after the config dump
    exc = TypeError("Error when deserializing class 'Dense' using config={'name': 'dense', 'units': 2, "
                    "'activation': {'module': 'builtins', 'class_name': 'function', 'config': 'my_tanh', "
                    "'registered_name': 'function'}}.\n\nException encountered: Unknown activation function: "
                    "'function'. Please ensure you are using a `keras.utils.custom_object_scope` and that "
                    "this object is included in the scope.")
    fields = user_error.classify(exc)
    assert fields["wrappers"] == ["keras_deserialize"] and fields["error_type"] == "TypeError"
    assert fields["error_message"].startswith("Unknown activation function: 'function'.")


def test_nested_deserialization_wrappers_are_looked_through():
    # a class defined inside a function prints as '<locals>' in Keras 3's inner wrapper
    exc = TypeError("Error when deserializing class 'Dense' using config={'units': 2}.\n\nException encountered: "
                    "<class 'mod.make.<locals>.WeightClip'> could not be deserialized properly. Please ensure "
                    "that components ... `from_config()` method.\n\nconfig={'c': 0.5}.\n\nException "
                    "encountered: make.<locals>.WeightClip.__init__() got an unexpected keyword argument 'name'")
    fields = user_error.classify(exc)
    assert fields["wrappers"] == ["keras_deserialize", "keras_deserialize"]
    assert fields["error_message"].startswith("make.<locals>.WeightClip.__init__() got an unexpected keyword")


def test_keras3_deserialization_wrapper_is_looked_through():
    exc = TypeError("<class 'keras.src.models.functional.Functional'> could not be deserialized properly. Please "
                    "ensure that components ... are explicitly deserialized in the model's `from_config()` method."
                    "\n\nconfig={'module': 'keras'}.\n\nException encountered: Could not locate class "
                    "'TokenAndPositionEmbedding'. Make sure custom classes are decorated with "
                    "`@keras.saving.register_keras_serializable()`.")
    fields = user_error.classify(exc)
    assert fields["wrappers"] == ["keras_deserialize"] and fields["error_type"] == "TypeError"
    assert fields["error_message"].startswith("Could not locate class 'TokenAndPositionEmbedding'")
