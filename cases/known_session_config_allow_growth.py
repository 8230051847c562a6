"""Known reports: the Keras 2.x GPU-memory recipe `config = tf.ConfigProto();
config.gpu_options.allow_growth = True; K.set_session(tf.Session(config=config))` on
TensorFlow 2: "AttributeError: module 'tensorflow' has no attribute 'ConfigProto'".

The recipe comes from keras-team/keras#4161 ("Keras uses global TF session. You should be able
to set it to your custom session") and #1538; it sits at the top of many Keras scripts:
MicrosoftDocs/ms-learn-ml-crash-course-python#5 (`tf.ConfigProto(intra_op_parallelism_threads=1,
...)` before `from keras import backend as K`), pythonlessons/Reinforcement_Learning#1 ("configure
Keras and TensorFlow sessions and graph"), kentaroy47/frcnn-from-scratch-with-keras#106,
lengstrom/fast-style-transfer#237, iperov/DeepFaceLab#961, daigo0927/pwcnet#62. Answers:
tensorflow/tensorflow#33504 "use tf.compat.v1.ConfigProto() instead" and "Configuring device
placements, device policy, gpu memory growth etc can still be done in TF 2.0 using
tf.config.experimental"; tensorflow/tensorflow#42981 points to
`tf.compat.v1.keras.backend.set_session`. keras-team/keras#13455 ran the compat.v1 version with
`K.set_session(sess)` and found the GPU memory still full.

Each variant runs the configuration code, then fits a tiny model one step. On a CPU-only
machine only whether the code runs is measured, not the GPU memory it would reserve.
"""

CASE = {
    "title": "tf.ConfigProto(allow_growth) + K.set_session(tf.Session(config)) on TF 2, and its replacements",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/4161",
                        "https://github.com/tensorflow/tensorflow/issues/33504",
                        "https://github.com/keras-team/keras/issues/13455",
                        "https://github.com/tensorflow/tensorflow/issues/42981",
                        "https://github.com/MicrosoftDocs/ms-learn-ml-crash-course-python/issues/5",
                        "https://github.com/pythonlessons/Reinforcement_Learning/issues/1"],
               "title": "AttributeError: module 'tensorflow' has no attribute 'ConfigProto'",
               "frequency": {"reports": 14,
                             "as_of": "2026-12-06",
                             "how": "issues search \"module 'tensorflow' has no attribute 'ConfigProto'\" "
                                    "(11 threads in 11 repos) and 'set_session allow_growth' (keras#4161, "
                                    "#1538, #13455)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "configproto_as_written": {
            "role": "broken",
            "title": "config = tf.ConfigProto(); allow_growth = True; K.set_session(tf.Session(config=config)); fit",
            "claim": {"text": "AttributeError: module 'tensorflow' has no attribute 'ConfigProto'",
                      "versions": "TF 2.0 (tensorflow#33504)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'ConfigProto'"}},
        },
        "compat_v1_config_k_set_session": {
            "role": "fix",
            "title": "tf.compat.v1.ConfigProto / tf.compat.v1.Session, K.set_session(sess); fit",
            "claim": {"text": "the compat.v1 config and session passed to K.set_session run "
                              "(the reporter's GPU memory still filled up)",
                      "versions": "TF 2 era, October 2019 (keras#13455)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
        },
        "compat_v1_keras_backend_set_session": {
            "role": "fix",
            "title": "tf.compat.v1.keras.backend.set_session(tf.compat.v1.Session(config=config)); fit",
            "claim": {"text": "use the compat.v1 Keras backend: from tensorflow.compat.v1.keras "
                              "import backend as K; K.set_session(...)",
                      "versions": "TF 2 (tensorflow#42981)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
        },
        "set_memory_growth": {
            "role": "fix",
            "title": "tf.config.experimental.set_memory_growth(gpu, True) for each GPU; fit",
            "claim": {"text": "gpu memory growth can still be configured in TF 2.0 with tf.config.experimental",
                      "versions": "TF 2.0 (tensorflow#33504)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _fit(ctx):
    import numpy as np
    keras = ctx.keras
    rng = np.random.RandomState(0)
    model = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(rng.rand(4, 3).astype("float32"), rng.rand(4, 2).astype("float32"),
              batch_size=4, epochs=1, verbose=0)


def configproto_as_written(ctx):
    tf = ctx.tf
    K = ctx.keras.backend   # from keras import backend as K
    with ctx.subject("tf.ConfigProto + K.set_session + fit"):
        config = tf.ConfigProto()
        config.gpu_options.allow_growth = True
        sess = tf.Session(config=config)
        K.set_session(sess)
        _fit(ctx)


def compat_v1_config_k_set_session(ctx):
    tf = ctx.tf
    K = ctx.keras.backend
    with ctx.subject("tf.compat.v1.ConfigProto + K.set_session + fit"):
        config = tf.compat.v1.ConfigProto()
        config.gpu_options.allow_growth = True
        sess = tf.compat.v1.Session(config=config)
        K.set_session(sess)
        _fit(ctx)


def compat_v1_keras_backend_set_session(ctx):
    tf = ctx.tf
    with ctx.subject("tf.compat.v1.keras.backend.set_session + fit"):
        config = tf.compat.v1.ConfigProto()
        config.gpu_options.allow_growth = True
        tf.compat.v1.keras.backend.set_session(tf.compat.v1.Session(config=config))
        _fit(ctx)


def set_memory_growth(ctx):
    tf = ctx.tf
    with ctx.subject("tf.config.experimental.set_memory_growth + fit"):
        for gpu in tf.config.experimental.list_physical_devices("GPU"):
            tf.config.experimental.set_memory_growth(gpu, True)
        _fit(ctx)
    ctx.observe("gpus", len(tf.config.experimental.list_physical_devices("GPU")))
