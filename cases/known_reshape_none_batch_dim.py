"""Known root cause: `tf.reshape(x, [x.shape[0], -1, x.shape[-1]])` inside a Keras layer /
Lambda: while the model is built the batch dimension is unknown (None / Dimension(None)), and
a static shape list with None cannot be converted to the reshape's shape tensor.

taki0112/GCNet-Tensorflow#1 (TF 1.x): `hw_flatten(x): return tf.reshape(x, shape=[x.shape[0], -1,
x.shape[-1]])` raises "TypeError: Failed to convert object of type <class 'list'> to Tensor.
Contents: [Dimension(None), -1, Dimension(64)]. Consider casting elements to a supported type.";
the author: "Maybe your `batch_size` is `None` ... try `return tf.reshape(x, shape=[tf.shape(x)[0],
-1, tf.shape(x)[-1]])`" - "Thank you! Your solution is working!". tensorflow/models#6245 (TF
1.12): "[1, 1, Dimension(None)] ... Solved via using `tf.shape` instead". tensorflow#33693 (TF
2.0): "Contents: (Dimension(None), -1, Dimension(2048))". tensorflow#42483 (TF 1.13): "ValueError:
Tried to convert 'shape' to a tensor and failed. Error: None values not supported.".
shaohua0116/Group-Normalization-Tensorflow#7, opconty/keras-shufflenetV2#3,
yaojieliu/CVPR2019-DeepTreeLearningForZeroShotFaceAntispoofing#7 and XUSean0118/DVSNet#5 hit the
same conversion error.

Model: Input((2, 2, 3)) -> Lambda(hw_flatten) as the output (GCNet feeds it to a matmul, not to a
layer that needs static shapes), then predict.
"""

CASE = {
    "title": "tf.reshape(x, [x.shape[0], -1, ...]) with the unknown batch dimension inside a Lambda",
    "source": {"kind": "known",
               "refs": ["https://github.com/taki0112/GCNet-Tensorflow/issues/1",
                        "https://github.com/tensorflow/models/issues/6245",
                        "https://github.com/tensorflow/tensorflow/issues/33693",
                        "https://github.com/tensorflow/tensorflow/issues/42483",
                        "https://github.com/opconty/keras-shufflenetV2/issues/3"],
               "title": "TypeError: Failed to convert object of type <class 'list'> to Tensor. Contents: "
                        "[Dimension(None), -1, Dimension(64)]",
               "frequency": {"reports": 9, "as_of": "2026-12-06",
                             "how": "issues search 'Failed to convert object of type tuple to Tensor "
                                    "Contents None reshape': GCNet-Tensorflow#1, "
                                    "CVPR2019-DeepTreeLearning#7, tensorflow/models#6245, "
                                    "Group-Normalization-Tensorflow#7, tensorflow#7253, #33693, #42483, "
                                    "keras-shufflenetV2#3, DVSNet#5"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "hw_flatten_as_written": {
            "role": "broken",
            "title": "Lambda(hw_flatten) with tf.reshape(x, shape=[x.shape[0], -1, x.shape[-1]]); predict",
            "claim": {"text": "TypeError: Failed to convert object of type <class 'list'> to Tensor. "
                              "Contents: [Dimension(None), -1, Dimension(64)] (the batch size is None)",
                      "versions": "TF 1.x (GCNet-Tensorflow#1, tensorflow/models#6245 TF 1.12), TF 2.0 "
                                  "(tensorflow#33693)",
                      "expect": {"error_type": ["TypeError", "ValueError"],
                                 "message": "Failed to convert .*to (a )?Tensor|None values not supported"}},
        },
        "tf_shape_dynamic": {
            "role": "fix",
            "title": "tf.reshape(x, shape=[tf.shape(x)[0], -1, tf.shape(x)[-1]]); predict",
            "claim": {"text": "use tf.shape(x) for the dynamic batch size: the solution is working",
                      "versions": "TF 1.x (GCNet-Tensorflow#1, tensorflow/models#6245)",
                      "expect": {"outcome": "ok", "observed": {"prediction_shape": [2, 4, 3]}}},
        },
    },
}


def _predict(ctx, hw_flatten):
    import numpy as np
    keras = ctx.keras
    with ctx.subject("Lambda(hw_flatten) in a model + predict"):
        inputs = keras.layers.Input((2, 2, 3))
        outputs = keras.layers.Lambda(hw_flatten, output_shape=(4, 3))(inputs)
        model = keras.models.Model(inputs, outputs)
        prediction = model.predict(np.ones((2, 2, 2, 3), dtype="float32"))
    ctx.observe("prediction_shape", list(np.shape(prediction)))


def hw_flatten_as_written(ctx):
    tf = ctx.tf

    def hw_flatten(x):
        return tf.reshape(x, shape=[x.shape[0], -1, x.shape[-1]])

    _predict(ctx, hw_flatten)


def tf_shape_dynamic(ctx):
    tf = ctx.tf

    def hw_flatten(x):
        return tf.reshape(x, shape=[tf.shape(x)[0], -1, tf.shape(x)[-1]])

    _predict(ctx, hw_flatten)
