"""Known reports: `tf.set_random_seed(seed)` (TF 1.x) at the top of a training script on
TensorFlow 2: "AttributeError: module 'tensorflow' has no attribute 'set_random_seed'".

tensorflow/tensorflow#30070 (TF 2.0: "Moved to tf.random.set_seed()"), hwwang55/GCN-LPA#3,
GoogleCloudPlatform/tensorflow-without-a-phd#47 and #53, Emergent-Behaviors-in-Biology/mlreview_notebooks#2,
haranrk/DigiPathAI#12, PreferredAI/cornac#495 (the TF 2 API still has
tf.compat.v1.set_random_seed), maziarraissi/PINNs#55 (TF 2.16.1), openai/baselines#1226,
affinelayer/pix2pix-tensorflow#205 (fix: `import tensorflow.compat.v1 as tf` +
`tf.disable_v2_behavior()`, "I solved it"). The other direction also breaks: code written for
TF 2 on TF 1.x fails with "module 'tensorflow._api.v1.random' has no attribute 'set_seed'"
(x4nth055/pythoncode-tutorials#21).

Each variant seeds, then builds and fits a one-layer model (one step).
"""

CASE = {
    "title": "tf.set_random_seed on TensorFlow 2: tf.random.set_seed and tf.compat.v1.set_random_seed",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/30070",
                        "https://github.com/hwwang55/GCN-LPA/issues/3",
                        "https://github.com/GoogleCloudPlatform/tensorflow-without-a-phd/issues/53",
                        "https://github.com/PreferredAI/cornac/issues/495",
                        "https://github.com/maziarraissi/PINNs/issues/55",
                        "https://github.com/x4nth055/pythoncode-tutorials/issues/21"],
               "title": "AttributeError: module 'tensorflow' has no attribute 'set_random_seed'",
               "frequency": {"reports": 12,
                             "reactions": 4,
                             "as_of": "2026-12-06",
                             "how": "issues search \"module 'tensorflow' has no attribute 'set_random_seed'\": "
                                    "11 threads in 10 repos + the reverse (set_seed on TF 1.x); reactions = "
                                    "'same here' comments (tensorflow-without-a-phd#53, PINNs#55, DigiPathAI#12)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "set_random_seed_as_written": {
            "role": "broken",
            "title": "tf.set_random_seed(0); build and fit a model",
            "claim": {"text": "AttributeError: module 'tensorflow' has no attribute 'set_random_seed'",
                      "versions": "tf2.0 (tensorflow#30070), 2.16.1 (PINNs#55)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'set_random_seed'"}},
        },
        "random_set_seed": {
            "role": "fix",
            "title": "tf.random.set_seed(0); build and fit a model",
            "claim": {"text": "moved to tf.random.set_seed()",
                      "versions": "TF 2.0 (tensorflow#30070, GCN-LPA#3)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
        },
        "random_set_seed_tf1": {
            "role": "root_cause",
            "title": "the same tf.random.set_seed(0) on TensorFlow 1.x",
            "claim": {"text": "AttributeError: module 'tensorflow._api.v1.random' has no attribute 'set_seed'",
                      "versions": "TensorFlow 1.x (pythoncode-tutorials#21)",
                      "scope": {"tf": "<2.0"},
                      "expect": {"error_type": "AttributeError", "message": "has no attribute 'set_seed'"}},
        },
        "compat_v1_set_random_seed": {
            "role": "fix",
            "title": "tf.compat.v1.set_random_seed(0); build and fit a model",
            "claim": {"text": "the current version has tf.compat.v1.set_random_seed",
                      "versions": "TF 2 (cornac#495)",
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


def set_random_seed_as_written(ctx):
    tf = ctx.tf
    with ctx.subject("tf.set_random_seed + fit"):
        tf.set_random_seed(0)
        _fit(ctx)


def random_set_seed(ctx):
    tf = ctx.tf
    with ctx.subject("tf.random.set_seed + fit"):
        tf.random.set_seed(0)
        _fit(ctx)


def random_set_seed_tf1(ctx):
    tf = ctx.tf
    with ctx.subject("tf.random.set_seed + fit"):
        tf.random.set_seed(0)
        _fit(ctx)


def compat_v1_set_random_seed(ctx):
    tf = ctx.tf
    with ctx.subject("tf.compat.v1.set_random_seed + fit"):
        tf.compat.v1.set_random_seed(0)
        _fit(ctx)
