"""Known reports: `K.get_session()` (Keras 2.2 / TF 1.x: run a model's tensors in the Keras
session, freeze a graph, hand the session to a detector) on TensorFlow 2:
"AttributeError: module 'keras.backend' has no attribute 'get_session'" (or
'tensorflow.keras.backend' / 'tensorflow_core.keras.backend').

amir-abdi/keras_to_tensorflow#117 (`sess = K.get_session()` before freezing),
OlafenwaMoses/ImageAI#596 and tensorflow/tensorflow#40869 (ImageAI's `self.sess =
K.get_session()`, TF 2.2 and 2.4), shaoanlu/faceswap-GAN#172 and shaoanlu/GazeML-keras#10 (MTCNN
run through `sess=K.get_session()`), guanshuicheng/invoice#49, nairouz/DynAE#14 (TF 2.3, fixed by
going back to tensorflow 1.15 + Keras 2.2.5), bubbliiiing/faster-rcnn-tf2#4. The answer given in
tensorflow/tensorflow#42981: "try to replace tf.keras.backend.get_session() with
tf.compat.v1.keras.backend.get_session()"; rstudio/keras3#1043 confirms that call returns a
session on TF 2.2 ("that's working thanks").

Each variant gets the session and runs the model's output tensor with a feed for its input,
as the TF 1.x code does with the session it gets.
"""

CASE = {
    "title": "K.get_session() + sess.run(model.output, feed_dict) on TF 2, and tf.compat.v1.keras.backend.get_session",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/42981",
                        "https://github.com/amir-abdi/keras_to_tensorflow/issues/117",
                        "https://github.com/OlafenwaMoses/ImageAI/issues/596",
                        "https://github.com/shaoanlu/faceswap-GAN/issues/172",
                        "https://github.com/rstudio/keras3/issues/1043",
                        "https://github.com/nairouz/DynAE/issues/14"],
               "title": "AttributeError: module 'keras.backend' has no attribute 'get_session'",
               "frequency": {"reports": 10,
                             "reactions": 3,
                             "as_of": "2026-12-06",
                             "how": "issues search \"has no attribute 'get_session'\": 10 threads in 9 repos "
                                    "(keras.backend, tensorflow.keras.backend, tensorflow_core.keras.backend); "
                                    "reactions = 'same issue' replies in faceswap-GAN#172 and tensorflow#40869"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "get_session_as_written": {
            "role": "broken",
            "title": "sess = K.get_session(); sess.run(model.output, {model.input: x})",
            "claim": {"text": "AttributeError: module 'tensorflow.keras.backend' has no attribute "
                              "'get_session' (get_session() is deprecated in TF2)",
                      "versions": "TF2 (tensorflow#42981), TF 2.2 (tensorflow#40869), TF 2.3 (DynAE#14)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'get_session'"}},
        },
        "compat_v1_get_session": {
            "role": "fix",
            "title": "sess = tf.compat.v1.keras.backend.get_session(); sess.run(model.output, {model.input: x})",
            "claim": {"text": "replace tf.keras.backend.get_session() with "
                              "tf.compat.v1.keras.backend.get_session()",
                      "versions": "TF 2 (tensorflow#42981); TF 2.2 (rstudio/keras3#1043)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "observed": {"output_shape": [2, 2]}}},
        },
        "predict_instead": {
            "role": "corrected",
            "title": "no session: model.predict(x)",
        },
    },
}


def _model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2)(inputs)
    return keras.models.Model(inputs, outputs)


def _x():
    import numpy as np
    return np.ones((2, 3), dtype="float32")


def _run_output(ctx, sess, model):
    output = sess.run(model.output, feed_dict={model.input: _x()})
    ctx.observe("output_shape", list(output.shape))


def get_session_as_written(ctx):
    K = ctx.keras.backend   # from keras import backend as K
    model = _model(ctx)
    with ctx.subject("K.get_session + sess.run(model.output)"):
        sess = K.get_session()
        _run_output(ctx, sess, model)


def compat_v1_get_session(ctx):
    tf = ctx.tf
    model = _model(ctx)
    with ctx.subject("tf.compat.v1.keras.backend.get_session + sess.run(model.output)"):
        sess = tf.compat.v1.keras.backend.get_session()
        _run_output(ctx, sess, model)


def predict_instead(ctx):
    model = _model(ctx)
    with ctx.subject("model.predict"):
        output = model.predict(_x())
    ctx.observe("output_shape", list(output.shape))
