"""Known root cause: Keras 2.0-2.2 era code reading `tensor._keras_shape` (standalone Keras set
that attribute on every tensor its layers produced); tf.keras never sets it, and its
KerasTensors (TF 2.4+) and Keras 3 KerasTensors do not have it either.

kobiso/CBAM-keras#9 (2022): `se_block(input_feature)`: `channel =
input_feature._keras_shape[channel_axis]` -> "AttributeError: 'KerasTensor' object has no
attribute '_keras_shape'". tensorflow#33977 (TF 2.0, the transfer learning tutorial with
keras_applications' MobileNetV2): `in_channels = inputs._keras_shape[-1]` -> "AttributeError:
'Tensor' object has no attribute '_keras_shape'". bonlime/keras-deeplab-v3-plus#39 (eager):
"'DeferredTensor' object has no attribute '_keras_shape'"; gmalivenko/pytorch2keras#97: "'Tensor'
object has no attribute '_keras_shape'". titu1994/Keras-ResNeXt#23: "Fixed ... by changing
'_keras_shape' to 'shape'"; keras-team/keras#10030: "usages of `hasattr(kernel, '_keras_shape')`
can be replaced by `int_shape`".

Model: CBAM's squeeze-and-excitation block on Input((4, 4, 8)): channel from the input tensor,
GlobalAveragePooling2D -> Reshape((1, 1, channel)) -> Dense -> multiply, then predict.
"""

CASE = {
    "title": "tensor._keras_shape (Keras 2.2 attribute) on tf.keras / Keras 3 tensors",
    "source": {"kind": "known",
               "refs": ["https://github.com/kobiso/CBAM-keras/issues/9",
                        "https://github.com/tensorflow/tensorflow/issues/33977",
                        "https://github.com/bonlime/keras-deeplab-v3-plus/issues/39",
                        "https://github.com/titu1994/Keras-ResNeXt/pull/23",
                        "https://github.com/keras-team/keras/pull/10030"],
               "title": "AttributeError: 'KerasTensor' object has no attribute '_keras_shape'",
               "frequency": {"reports": 5, "as_of": "2026-12-06",
                             "how": "issues search \"'Tensor' object has no attribute '_keras_shape'\": "
                                    "CBAM-keras#9, tensorflow#33977, keras-deeplab-v3-plus#39, "
                                    "pytorch2keras#97, Keras-ResNeXt#23"}},
    "variants": {
        "se_block_keras_shape_as_written": {
            "role": "broken",
            "title": "CBAM se_block: channel = input_feature._keras_shape[channel_axis]",
            "claim": {"text": "AttributeError: 'KerasTensor' object has no attribute '_keras_shape' "
                              "('Tensor' object ... with TF 2.0 tf.keras)",
                      "versions": "TF 2.0 (tensorflow#33977); 2022 TF 2.x (CBAM-keras#9)",
                      "scope": {"flavour": ["tf.keras", "tf_keras", "keras3"]},
                      "expect": {"error_type": "AttributeError",
                                 "message": "object has no attribute '_keras_shape'"}},
        },
        "se_block_int_shape": {
            "role": "fix",
            "title": "channel = K.int_shape(input_feature)[channel_axis]",
            "claim": {"text": "usages of _keras_shape can be replaced by int_shape",
                      "versions": "keras#10030 (Keras 2.1.6 era)",
                      "expect": {"outcome": "ok", "observed": {"channel": 8}}},
        },
        "se_block_shape": {
            "role": "fix",
            "title": "channel = input_feature.shape[channel_axis]",
            "claim": {"text": "changing '_keras_shape' to 'shape' fixes the AttributeError",
                      "versions": "Keras-ResNeXt#23 (2021, TF 2.x)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "observed": {"channel": 8}}},
        },
    },
}


def _se_block(ctx, channel_of):
    import numpy as np
    keras = ctx.keras
    K = keras.backend
    layers = keras.layers

    def se_block(input_feature, ratio=4):
        channel_axis = 1 if K.image_data_format() == "channels_first" else -1
        channel = channel_of(input_feature, channel_axis)
        se_feature = layers.GlobalAveragePooling2D()(input_feature)
        se_feature = layers.Reshape((1, 1, channel))(se_feature)
        se_feature = layers.Dense(channel // ratio, activation='relu')(se_feature)
        se_feature = layers.Dense(channel, activation='sigmoid')(se_feature)
        return layers.multiply([input_feature, se_feature]), channel

    with ctx.subject("se_block + Model + predict"):
        inputs = layers.Input((4, 4, 8))
        outputs, channel = se_block(inputs)
        model = keras.models.Model(inputs, outputs)
        model.predict(np.ones((1, 4, 4, 8), dtype="float32"))
    ctx.observe("channel", int(channel))


def se_block_keras_shape_as_written(ctx):
    _se_block(ctx, lambda t, axis: t._keras_shape[axis])


def se_block_int_shape(ctx):
    K = ctx.keras.backend
    _se_block(ctx, lambda t, axis: K.int_shape(t)[axis])


def se_block_shape(ctx):
    _se_block(ctx, lambda t, axis: t.shape[axis])
