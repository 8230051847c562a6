"""Known reports: a layer (or model) configuration that holds a *tensor* instead of a Python
number does not serialize: saving or `to_json()` fails.

tensorflow/tensorflow#28799 ("TypeError: 'Not JSON Serializable' while doing tf.keras.Model.save"):
a Keras variable in `loss_weights`; later comments hit it from values computed with TF ops while
building the model: "The reason for this is that I was using `tf` function when building the
model: `num_identity = tf.cast(tf.math.ceil(num_input_channels * split), tf.int32)`. Append
`.numpy()` at the end ... Then the model could be saved" (replacing the tensor with
`alpha.numpy()` is the fix several confirm). keras-team/keras#2726 and cpuimage/SINet#1 get
"TypeError: Not JSON Serializable" from `model.to_json()`. From TF 2.9 on the same failure reads
"TypeError: Unable to serialize 64.0 to JSON. Unrecognized type <class 'tensorflow.python.framework.
ops.EagerTensor'>." (tensorflow/tensorflow#61525 on TF 2.13: "since version 2.11", #60437 on TF
2.12, TensorSpeech/TensorFlowASR#265 on TF 2.9, sayakpaul/maxim-tf#10, MeteoSwiss/mlpp-lib#9). In standalone Keras 2.2 the same config
is deep-copied first and the error is a different one: keras-team/keras#12971 (`model.save(
"model.h5")` -> `network.py get_config` -> `copy.deepcopy(config)` -> "TypeError: can't pickle
_thread.RLock objects"), also keras-team/keras#11650, matterport/Mask_RCNN#1126.

The case is the ShuffleNet split from #28799: a custom `ChannelSplit(num_identity)` layer whose
`num_identity` comes from `tf.cast(tf.math.ceil(channels * split), tf.int32)` and whose
get_config returns it. Variants: model.save('model.h5') as written, `to_json()`, the `.numpy()`
fix (a Python int: int(...) where the tensor has no .numpy(), TF1 graph mode), and a NumPy array
argument (keras-team/keras#8401: the array in get_config comes back from the file as a list;
keras-team/keras#6816 for arrays in Lambda arguments), observed.
"""

CASE = {
    "title": "Tensor in a layer's config (tf.cast(...) as a constructor argument): model.save / to_json",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/28799",
                        "https://github.com/keras-team/keras/issues/2726",
                        "https://github.com/cpuimage/SINet/issues/1",
                        "https://github.com/tensorflow/tensorflow/issues/61525",
                        "https://github.com/TensorSpeech/TensorFlowASR/issues/265",
                        "https://github.com/keras-team/keras/issues/12971",
                        "https://github.com/keras-team/keras/issues/8401"],
               "title": "TypeError: 'Not JSON Serializable' while doing tf.keras.Model.save",
               "frequency": {"reports": 17, "as_of": "2026-12-06",
                             "how": "issues search 'Not JSON Serializable' model.save / to_json, 'Unable to "
                                    "serialize ... to JSON. Unrecognized type EagerTensor' and \"can't pickle "
                                    "_thread.RLock objects\" model.save: tf#28799, keras#2726, SINet#1, "
                                    "MobileNetV3#5, transformers#3101, tf#31498, keras-contrib#138, "
                                    "tf#61525, tf#60437, TensorFlowASR#265, maxim-tf#10, similarity#239, "
                                    "mlpp-lib#9, keras#12971, keras#11650 (= Mask_RCNN#1126, counted "
                                    "once), llSourcell/Make_Money#9, keras#12420"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "tensor_arg_h5_as_written": {
            "role": "broken",
            "title": "ChannelSplit(num_identity=tf.cast(tf.math.ceil(c * 0.5), tf.int32)), "
                     "model.save('model.h5')",
            "claim": {"text": "model.save raises TypeError: ('Not JSON Serializable', <tf.Tensor ...>) "
                              "(tf.keras; from TF 2.9: 'Unable to serialize 2 to JSON. Unrecognized type "
                              "<class '...EagerTensor'>'); standalone Keras 2.2 raises TypeError: can't "
                              "pickle _thread.RLock objects while deep-copying the config",
                      "versions": "tf.keras 1.12-2.x (tf#28799), TF 2.9-2.13 (tf#61525, TensorFlowASR#265); "
                                  "standalone Keras 2.2.4 (keras#12971)",
                      "expect": {"error_type": "TypeError",
                                 "message": "Not JSON Serializable|Unable to serialize .* to JSON|"
                                            "can't pickle _thread.RLock|cannot pickle '_thread.RLock'"}},
        },
        "tensor_arg_to_json": {
            "role": "broken",
            "title": "the same model, model.to_json()",
            "claim": {"text": "to_json raises TypeError: Not JSON Serializable (TF 2.9+: Unable to "
                              "serialize ... to JSON)",
                      "versions": "Keras 1 (keras#2726), tf.keras 2.x (SINet#1); TF 2.9-2.13 wording "
                                  "(tf#61525, TensorFlowASR#265)",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "TypeError",
                                 "message": "Not JSON Serializable|Unable to serialize .* to JSON"}},
        },
        "numpy_fix": {
            "role": "fix",
            "title": "num_identity=tf.cast(...).numpy() (int(...) in graph mode), save .h5, load_model, "
                     "predict",
            "claim": {"text": "appending .numpy() makes the model saveable",
                      "versions": "tf#28799 comments (TF 2.x)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "ndarray_arg_round_trip": {
            "role": "demo",
            "title": "a NumPy array as the argument (keras#8401): save .h5, load, type of the restored "
                     "argument",
        },
    },
}

CHANNELS = 4


def _layer_class(ctx):
    tf, keras = ctx.tf, ctx.keras

    class ChannelSplit(keras.layers.Layer):
        """Keeps the first `num_identity` channels (the identity half of a ShuffleNet unit)."""

        def __init__(self, num_identity, **kwargs):
            super(ChannelSplit, self).__init__(**kwargs)
            self.num_identity = num_identity

        def call(self, inputs):
            return inputs[..., :self.num_identity] * 2.0

        def compute_output_shape(self, input_shape):
            try:
                channels = int(self.num_identity)
            except TypeError:   # a graph tensor (TF1): not known statically
                channels = None
            return tuple(input_shape[:-1]) + (channels,)

        def get_config(self):
            config = super(ChannelSplit, self).get_config()
            config.update({"num_identity": self.num_identity})
            return config

    return ChannelSplit


def _num_identity(ctx, split=0.5):
    tf = ctx.tf
    num_input_channels = CHANNELS
    return tf.cast(tf.math.ceil(num_input_channels * split), tf.int32)


def _x():
    import numpy as np
    return np.arange(8, dtype="float32").reshape(2, CHANNELS)


def _model(ctx, layer):
    keras = ctx.keras
    inputs = keras.layers.Input((CHANNELS,))
    outputs = layer(keras.layers.Dense(CHANNELS)(inputs))
    model = keras.models.Model(inputs, outputs)
    model.predict(_x())   # the model works before any saving (else: a setup error)
    return model


def _compare(ctx, model, loaded):
    import numpy as np
    same = np.allclose(model.predict(_x()), loaded.predict(_x()), atol=1e-5)
    ctx.observe("same_prediction", bool(same))


def tensor_arg_h5_as_written(ctx):
    ChannelSplit = _layer_class(ctx)
    model = _model(ctx, ChannelSplit(_num_identity(ctx)))
    with ctx.subject("model.save('model.h5')"):
        model.save("model.h5")
        ctx.observe("saved", True)


def tensor_arg_to_json(ctx):
    ChannelSplit = _layer_class(ctx)
    model = _model(ctx, ChannelSplit(_num_identity(ctx)))
    with ctx.subject("model.to_json()"):
        model.to_json()
        ctx.observe("serialized", True)


def numpy_fix(ctx):
    keras = ctx.keras
    ChannelSplit = _layer_class(ctx)
    num_identity = _num_identity(ctx)
    num_identity = num_identity.numpy() if hasattr(num_identity, "numpy") else int(ctx.evaluate(num_identity))
    ctx.observe("argument_type", type(num_identity).__name__)
    model = _model(ctx, ChannelSplit(num_identity))
    with ctx.subject("model.save('model.h5') + load_model"):
        model.save("model.h5")
        loaded = keras.models.load_model("model.h5", custom_objects={"ChannelSplit": ChannelSplit})
        _compare(ctx, model, loaded)


def ndarray_arg_round_trip(ctx):
    import numpy as np
    keras = ctx.keras
    ChannelSplit = _layer_class(ctx)
    model = _model(ctx, ChannelSplit(np.array(2)))
    with ctx.subject("model.save('model.h5') + load_model"):
        model.save("model.h5")
        loaded = keras.models.load_model("model.h5", custom_objects={"ChannelSplit": ChannelSplit})
        restored = [l for l in loaded.layers if type(l).__name__ == "ChannelSplit"][0].num_identity
        ctx.observe("restored_type", type(restored).__name__)
        _compare(ctx, model, loaded)
