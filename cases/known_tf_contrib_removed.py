"""Known reports: `tf.contrib` (removed in TensorFlow 2.0) in model code, here its most used
Keras-facing piece, `kernel_initializer=tf.contrib.layers.xavier_initializer()`:
"AttributeError: module 'tensorflow' has no attribute 'contrib'".

tensorflow/models#7036 (answer: "contrib module is no longer available in TensorFlow 2.0, but
you can use with this; import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()"),
tensorflow/models#7767 (after that advice: "AttributeError: module 'tensorflow._api.v2.compat.v1'
has no attribute 'contrib'"), keithito/tacotron#309, hwwang55/KGNN-LS#7,
lturing/tacotronv2_wavernn_chinese#36, liruihui/PU-GAN#30, tensorflow/tensorflow#62531 (TF 2.15),
google-deepmind/hanabi-learning-environment#48 (TF 2.4.1). For the initializer:
tensorflow/tensorflow#30959 ("What can replace tf.contrib.layers.xavier_initializer_conv2d() in
tensorflow 2.0?" - "the Glorot initializer which is a different name for the Xavier
initializer", "It really works"), michaelmunz/temperatureForecasting#1 ("the GlorotUniform
initializer should be identical to xavier"), amanchadha/coursera-deep-learning-specialization#34.

Each variant builds Dense(2) with the initializer and fits one step.
"""

CASE = {
    "title": "tf.contrib.layers.xavier_initializer() on TF 2: compat.v1 advice vs GlorotUniform",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/models/issues/7036",
                        "https://github.com/tensorflow/models/issues/7767",
                        "https://github.com/tensorflow/tensorflow/issues/30959",
                        "https://github.com/michaelmunz/temperatureForecasting/pull/1",
                        "https://github.com/keithito/tacotron/issues/309",
                        "https://github.com/tensorflow/tensorflow/issues/62531"],
               "title": "AttributeError: module 'tensorflow' has no attribute 'contrib'",
               "frequency": {"reports": 14,
                             "as_of": "2026-12-06",
                             "how": "issues search \"module 'tensorflow' has no attribute 'contrib'\" (11 "
                                    "threads in 10 repos) and 'xavier_initializer tensorflow 2' (3 more)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "xavier_initializer_as_written": {
            "role": "broken",
            "title": "Dense(2, kernel_initializer=tf.contrib.layers.xavier_initializer()); fit",
            "claim": {"text": "AttributeError: module 'tensorflow' has no attribute 'contrib' "
                              "(contrib is not in TensorFlow 2.0)",
                      "versions": "TensorFlow 2.0 (models#7036), 2.15 (tensorflow#62531)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError", "message": "has no attribute 'contrib'"}},
        },
        "compat_v1_contrib": {
            "role": "fix",
            "title": "import tensorflow.compat.v1 as tf; tf.disable_v2_behavior(); "
                     "tf.contrib.layers.xavier_initializer()",
            "claim": {"text": "contrib is no longer available in TensorFlow 2.0, but you can use "
                              "import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()",
                      "versions": "TensorFlow 2.0 (models#7036, 2020)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
        },
        "glorot_uniform": {
            "role": "fix",
            "title": "Dense(2, kernel_initializer=keras.initializers.GlorotUniform()); fit",
            "claim": {"text": "GlorotUniform is the Xavier initializer under its other name: it works",
                      "versions": "tensorflow 2.0 (tensorflow#30959), TF 2 (temperatureForecasting#1)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _fit_dense(ctx, initializer):
    import numpy as np
    keras = ctx.keras
    rng = np.random.RandomState(0)
    model = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,),
                                                        kernel_initializer=initializer)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(rng.rand(4, 3).astype("float32"), rng.rand(4, 2).astype("float32"),
              batch_size=4, epochs=1, verbose=0)


def xavier_initializer_as_written(ctx):
    tf = ctx.tf
    with ctx.subject("tf.contrib.layers.xavier_initializer + fit"):
        _fit_dense(ctx, tf.contrib.layers.xavier_initializer())


def compat_v1_contrib(ctx):
    import importlib
    with ctx.subject("tensorflow.compat.v1 + disable_v2_behavior, tf.contrib initializer + fit"):
        tf = importlib.import_module("tensorflow.compat.v1")
        tf.disable_v2_behavior()
        _fit_dense(ctx, tf.contrib.layers.xavier_initializer())


def glorot_uniform(ctx):
    keras = ctx.keras
    with ctx.subject("GlorotUniform + fit"):
        _fit_dense(ctx, keras.initializers.GlorotUniform())
