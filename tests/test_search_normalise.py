"""What makes two pasted errors the SAME error (harness/report/page/normalise.js, in node).

Kept: the exception type, the missing attribute and the module or kind of object in "has no
attribute", the class in "Could not locate class" / "Unknown layer" (a library class by name,
the user's own as "custom"), the keyword in "unexpected keyword argument" / "Argument(s) not
recognized". Dropped: addresses, shapes, numbers, paths, node, tensor and layer names, values
after "=", the user's own names. Needs node: skipped, saying so, without it.
"""
import pytest

from harness.report import node

pytestmark = pytest.mark.skipif(node.node_binary() is None, reason="node (Node.js) is not installed: the page's "
                                "normaliser runs in node (apt-get install -y nodejs)")

SAME = [
    (("AttributeError", "'Tensor' object has no attribute '_keras_history'"),
     ("AttributeError", "'tensorflow.python.framework.ops.EagerTensor' object has no attribute '_keras_history'")),
    (("AttributeError", "'SymbolicTensor' object has no attribute '_keras_history'"),
     ("AttributeError", "DynamicJaxprTracer has no attribute _keras_history")),
    (("AttributeError", "module 'keras.backend' has no attribute 'get_value'"),
     ("AttributeError", "module 'tensorflow.keras.backend' has no attribute 'get_value'")),
    (("AttributeError", "'Sequential' object has no attribute '_make_predict_function'"),
     ("AttributeError", "'Functional' object has no attribute '_make_predict_function'")),
    (("ValueError", "Unknown layer: Doubler"),
     ("ValueError", "Unknown layer: 'ResidualBlock'. Please ensure you are using a `keras.utils.custom_object_scope` "
                    "and that this object is included in the scope.")),
    (("TypeError", "Could not locate class 'MyLayer'. Make sure custom classes are decorated with "
                   "`@keras.saving.register_keras_serializable()`."),
     ("TypeError", "Could not locate class 'TokenAndPositionEmbedding'. Make sure custom classes and functions are "
                   "decorated with `@keras.saving.register_keras_serializable()`. Full object config: {}")),
    (("TypeError", "__init__() got an unexpected keyword argument 'restore_best_weights'"),
     ("TypeError", "EarlyStopping.__init__() got an unexpected keyword argument 'restore_best_weights'")),
    (("ValueError", "Argument(s) not recognized: {'lr': 0.001}"),
     ("ValueError", "Argument(s) not recognized: {'lr': 0.1}")),
    (("ValueError", "Layer dense_1 was called with an input that isn't a symbolic tensor. Received type: x"),
     ("ValueError", "Layer dense_37 was called with an input that isn't a symbolic tensor. Received type: y")),
    (("ValueError", "Exception from tf.__operators__.add_1 at 0x7f3a2b: shapes (None, 3) and (2, 4)"),
     ("ValueError", "Exception from tf.__operators__.add_12 at 0x55aa48a77f90: shapes (8, 3) and (None, 7)")),
    (("ValueError", "File format not supported: filepath=my_model. Keras 3 only supports V3 `.keras` files"),
     ("ValueError", "File format not supported: filepath=/path/to/model_dir/. Keras 3 only supports V3")),
    (("ValueError", "Could not interpret optimizer identifier: <keras.src.optimizers.adam.Adam object at 0x79d9>"),
     ("ValueError", "Could not interpret optimizer identifier: <keras_adamw.optimizers_v2.AdamW object at 0x7>")),
    (("ImportError", "cannot import name 'np_utils' from 'keras.utils' (/usr/lib/python3/keras/utils/__init__.py)"),
     ("ImportError", "cannot import name 'np_utils' from 'tensorflow.keras.utils' (/x/y.py)")),
    (("AttributeError", "module 'tensorflow_core.keras.backend' has no attribute 'get_session'"),
     ("AttributeError", "module 'tensorflow.keras.backend' has no attribute 'get_session'")),
    (("KeyError", "'acc'"), ("KeyError", "'acc'")),
    # Python 3.7's wording (the py3.7 rows) and 3.8+'s (the user's) of one pickling error
    (("TypeError", "can't pickle _thread.RLock objects"), ("TypeError", "cannot pickle '_thread.RLock' object")),
    # a tensor's repr is one tensor: its names, shapes and the layer that made it vary
    (("TypeError", "Could not build a TypeSpec for KerasTensor(type_spec=TensorSpec(shape=(None, 3), dtype=tf.float32, "
                   "name=None), name='tf.math.multiply/Mul:0', description=\"created by layer 'tf.math.multiply'\") "
                   "of unsupported type <class 'keras.src.engine.keras_tensor.KerasTensor'>."),
     ("TypeError", "Could not build a TypeSpec for KerasTensor(type_spec=TensorSpec(shape=(None, None, 4), "
                   "dtype=tf.float32, name=None), name='tf.math.truediv/truediv:0', description=\"created by layer "
                   "'tf.math.truediv'\") of unsupported type <class 'keras.src.engine.keras_tensor.KerasTensor'>.")),
    # the optimizer a user picked, and Keras 2 renamed TF-Keras, are not the error
    (("ValueError", "decay is deprecated in the new Keras optimizer, pleasecheck the docstring for valid arguments, "
                    "or use the legacy optimizer, e.g., tf.keras.optimizers.legacy.Adam."),
     ("ValueError", "decay is deprecated in the new TF-Keras optimizer, pleasecheck the docstring for valid "
                    "arguments, or use the legacy optimizer, e.g., tf.keras.optimizers.legacy.SGD.")),
    (("TypeError", "__init__() got an unexpected keyword argument 'lr'"),
     ("TypeError", "Adam.__init__() got an unexpected keyword argument 'lr'")),
    (("TypeError", "SGD.__init__() got an unexpected keyword argument 'lr'"),
     ("TypeError", "Adam.__init__() got an unexpected keyword argument 'lr'")),
    # a layer's name after "named", with or without Keras' missing space
    (("ValueError", "Shape mismatch in layer #1 (named head)for weight head/kernel. Weight expects shape (4, 3). "
                    "Received saved weight with shape (4, 2)"),
     ("ValueError", "Shape mismatch in layer #175 (named conv2d_transpose_1) for weight conv2d_transpose_1/kernel:0. "
                    "Weight expects shape (4, 4, 128, 256). Received saved weight with shape (4, 4, 256, 128)")),
    # a paste cut before the closing quote; a module under its Keras 3 alias
    (("ModuleNotFoundError", "No module named 'keras._tf_keras.keras.layers.experimental'"),
     ("ModuleNotFoundError", "No module named 'tensorflow.keras.layers.experimental")),
    # a paste that lost the head of the line
    (("AttributeError", "'ResourceVariable' object has no attribute 'overwrite_with_gradient'"),
     ("AttributeError", "ResourceVariable' object has no attribute 'overwrite_with_gradient")),
]
DIFFERENT = [
    (("AttributeError", "module 'tensorflow' has no attribute 'placeholder'"),
     ("AttributeError", "module 'keras.backend' has no attribute 'get_session'")),
    (("AttributeError", "module 'keras.backend' has no attribute 'get_session'"),
     ("AttributeError", "module 'keras.backend' has no attribute 'get_value'")),
    (("AttributeError", "module 'tensorflow' has no attribute 'placeholder'"),
     ("AttributeError", "module 'tensorflow.compat.v1' has no attribute 'placeholder'")),
    (("AttributeError", "'Tensor' object has no attribute '_keras_history'"),
     ("AttributeError", "'Sequential' object has no attribute '_keras_history'")),
    (("AttributeError", "'Adam' object has no attribute 'lr'"),
     ("AttributeError", "'Adam' object has no attribute 'learning_rate'")),
    (("ValueError", "Unknown layer: MyLayer"), ("ValueError", "Unknown layer: KerasLayer")),
    (("ValueError", "Unknown layer: MyLayer"), ("ValueError", "Unknown loss function: my_loss")),
    (("TypeError", "Could not locate class 'MyLayer'."), ("TypeError", "Could not locate class 'Functional'.")),
    (("TypeError", "__init__() got an unexpected keyword argument 'restore_best_weights'"),
     ("TypeError", "__init__() got an unexpected keyword argument 'input_dim'")),
    (("TypeError", "unhashable type: 'Dimension'"), ("TypeError", "unhashable type: 'dict'")),
    (("ValueError", "Unknown layer: MyLayer"), ("TypeError", "Unknown layer: MyLayer")),
    (("ImportError", "cannot import name 'get_config' from 'tensorflow.python.eager.context'"),
     ("ImportError", "cannot import name 'np_utils' from 'keras.utils'")),
    (("KeyError", "'acc'"), ("KeyError", "'val_acc'")),
    (("TypeError", "cannot pickle '_thread.RLock' object"), ("TypeError", "cannot pickle 'weakref' object")),
]


def _signatures(pairs):
    flat = [list(e) for pair in pairs for e in pair]
    sigs = node.call({"op": "signature", "errors": flat})
    return list(zip(sigs[::2], sigs[1::2]))


@pytest.mark.parametrize("a, b", SAME, ids=[p[0][1][:40] for p in SAME])
def test_the_same_error_whatever_varies(a, b):
    (sa, sb), = _signatures([(a, b)])
    assert (sa["type"], sa["key"]) == (sb["type"], sb["key"]) and sa["key"]


@pytest.mark.parametrize("a, b", DIFFERENT, ids=[p[0][1][:40] + " | " + p[1][1][:30] for p in DIFFERENT])
def test_what_identifies_an_error_is_kept(a, b):
    (sa, sb), = _signatures([(a, b)])
    assert (sa["type"], sa["key"]) != (sb["type"], sb["key"])


def test_wordings_with_many_causes_are_marked():
    sigs = node.call({"op": "signature", "errors": [["IndexError", "list index out of range"],
                                                     ["KeyError", "'dense_1'"],
                                                     ["NotImplementedError", "Cannot convert a symbolic Tensor (x:0) "
                                                      "to a numpy array."],
                                                     ["ValueError", "No gradients provided for any variable."]]})
    assert [s["generic"] for s in sigs] == [True, True, True, False]


def test_keras_3_lambda_shape_inference_and_generated_keys_are_many_cause_wordings():
    """Keras 3 reports whatever a Lambda raised during shape inference with one sentence; a
    KeyError of a generated name ('dense_1') says nothing about the cause, one of a metric name does."""
    sigs = node.call({"op": "signature", "errors": [
        ["NotImplementedError", "Exception encountered when calling Lambda.call(). We could not automatically "
                                "infer the shape of the Lambda's output. Please specify the `output_shape`"],
        ["KeyError", "'dense_1'"], ["KeyError", "'acc'"],
        ["ValueError", "Shapes (None, 4) and (None, 10) are incompatible"]]})
    assert [s["generic"] for s in sigs] == [True, True, False, True]
    assert sigs[2]["key"] == "missing key acc"


def test_a_name_missing_from_a_module_links_the_import_and_the_attribute_forms():
    """`from keras.preprocessing.sequence import pad_sequences` and `sequence.pad_sequences`: not
    the same error (ImportError, AttributeError), but the same missing name in the same module."""
    a, b = node.call({"op": "signature", "errors": [
        ["ImportError", "cannot import name 'pad_sequences' from 'keras.preprocessing.sequence'"],
        ["AttributeError", "module 'keras.preprocessing.sequence' has no attribute 'pad_sequences'"]]})
    assert a["key"] != b["key"] and a["missing"] == b["missing"] == "pad_sequences in preprocessing.sequence"


def test_keras_1_wording_of_an_unknown_name_is_the_same_family_not_the_same_error():
    """Keras 1 raised `Exception('Invalid activation function: my_tanh')` where Keras 2 raises
    ValueError('Unknown activation function: my_tanh'): one key, so the page shows it as the closest
    related error, but another type and another Keras, never "the same error". TF's own
    "Invalid argument: ..." is not that family."""
    old, new, tf_op = node.call({"op": "signature", "errors": [
        ["Exception", "Invalid activation function: my_tanh"], ["ValueError", "Unknown activation function: my_tanh"],
        ["InvalidArgumentError", "Invalid argument: You must feed a value for placeholder tensor 'x'"]]})
    assert old["family"] == new["family"] == "unknown" and old["key"] == new["key"]
    assert old["type"] != new["type"]
    assert tf_op["family"] != "unknown"
