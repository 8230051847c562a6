"""Known root cause: Keras 2 code reading `tensor._keras_history.layer` (the layer that
produced a symbolic tensor) run with Keras 3, whose KerasHistory namedtuple names that field
`operation`: "AttributeError: 'KerasHistory' object has no attribute 'layer'". The same error
comes out of TensorFlow's legacy `tensorflow.python.keras` Model when it is given Keras 3
tensors.

keras-team/keras#20423 (TF 2.17): "I'm encountering the error \"AttributeError: 'KerasHistory'
object has no attribute 'layer'\" ... I'm trying to access layer information ... I tried to
change the name layer to operation but it's not working." keras-team/keras#19881 (Keras 3)
shows what the attribute holds now: `a._keras_history` ->
`KerasHistory(operation=<Dense name=dense_1, built=True>, node_index=0, tensor_index=0)`.
naseemap47/FaceRecognition-MTCNN-ArcFace#13 (Python 3.12) and serengil/deepface#1086 (2024): the
ArcFace model is built with `training.Model(img_input, x, name='ResNet34')` from
`tensorflow.python.keras.engine` on tensors made by the Keras 3 layers, and
`.../tensorflow/python/keras/engine/functional.py ... _init_graph_network` raises the same
AttributeError.

Model: Input(3) -> Dense(2, name='dense_out').
"""

CASE = {
    "title": "tensor._keras_history.layer under Keras 3: 'KerasHistory' object has no attribute 'layer'",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/20423",
                        "https://github.com/keras-team/keras/issues/19881",
                        "https://github.com/naseemap47/FaceRecognition-MTCNN-ArcFace/issues/13",
                        "https://github.com/serengil/deepface/issues/1086"],
               "title": "AttributeError: 'KerasHistory' object has no attribute 'layer'",
               "frequency": {"reports": 3, "as_of": "2026-12-06",
                             "how": "issues searches \"'KerasHistory' object has no attribute 'layer'\", "
                                    "'_keras_history.layer keras 3 operation': keras#20423, "
                                    "FaceRecognition-MTCNN-ArcFace#13, deepface#1086 (a held-out report "
                                    "of the same error not counted)"}},
    "variants": {
        "history_layer_attr_as_written": {
            "role": "broken",
            "title": "layer = x._keras_history.layer (the Keras 2 way to find the producing layer)",
            "claim": {"text": "AttributeError: 'KerasHistory' object has no attribute 'layer'",
                      "versions": "TF 2.17 with Keras 3 (keras#20423)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "'KerasHistory' object has no attribute 'layer'"}},
        },
        "history_operation_attr": {
            "role": "fix",
            "title": "x._keras_history.operation (the Keras 3 field)",
            "claim": {"text": "the history of a Keras 3 tensor is KerasHistory(operation=<Dense ...>, "
                              "node_index, tensor_index)",
                      "versions": "Keras 3 (keras#19881)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok", "observed": {"producer": "dense_out"}}},
        },
        "legacy_tf_python_keras_model": {
            "role": "root_cause",
            "title": "tensorflow.python.keras.engine.training.Model(img_input, x) on tensors made by "
                     "Keras 3 layers (ArcFace in deepface)",
            "claim": {"text": "building the model raises AttributeError: 'KerasHistory' object has no "
                              "attribute 'layer' from tensorflow/python/keras/engine/functional.py",
                      "versions": "Python 3.12 with Keras 3 (FaceRecognition-MTCNN-ArcFace#13); deepface "
                                  "0.0.86 (deepface#1086)",
                      "scope": {"flavour": "keras3", "tf": ">=2.16"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "'KerasHistory' object has no attribute 'layer'"}},
        },
    },
}


def _tensor(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    return inputs, keras.layers.Dense(2, name="dense_out")(inputs)


def history_layer_attr_as_written(ctx):
    inputs, x = _tensor(ctx)
    with ctx.subject("x._keras_history.layer"):
        layer = x._keras_history.layer
    ctx.observe("producer", layer.name)


def history_operation_attr(ctx):
    inputs, x = _tensor(ctx)
    with ctx.subject("x._keras_history.operation"):
        operation = x._keras_history.operation
    ctx.observe("producer", operation.name)


def legacy_tf_python_keras_model(ctx):
    ctx.require_tf()
    try:
        from tensorflow.python.keras.engine import training
    except ImportError as exc:
        ctx.skip("tensorflow.python.keras.engine.training does not import here: %s" % exc)
    img_input, x = _tensor(ctx)
    with ctx.subject("training.Model(img_input, x)"):
        model = training.Model(img_input, x, name='ResNet34')
    ctx.observe("model_built", model is not None)
