"""Known reports: `tf.keras.optimizers.legacy.Adam(...)` (the optimizer TF 2.11+ points to,
and the one advised on Apple silicon) under Keras 3:
"ImportError: `keras.optimizers.legacy` is not supported in Keras 3. When using `tf.keras`, to
continue using a `tf.keras.optimizers.legacy` optimizer, you can install the `tf_keras` package
(Keras 2) and set the environment variable `TF_USE_LEGACY_KERAS=True` ...".

Reported by mrosol/Nonlincausality#11 and #14 ("even when I follow the suggestions i.e.,
installing tf_keras etc."), amaiya/ktrain#525, deepchem/deepchem#4200 (together with
BatchNormalization(fused=...)); deepchem/deepchem#4234 fixed it by installing tf_keras and
setting TF_USE_LEGACY_KERAS, deepchem/deepchem#4564 proposes replacing `legacy.Adam` by the
plain `Adam`. The namespace is also missing at the other end: google-research/deeplab2#165,
"Keras 2.6 does not have yet the `optimizers.legacy` module". The shim that raises the
ImportError was added by keras-team/keras#18540.

Every variant compiles a tiny model with the optimizer and fits one step. The environment
variable cannot be set after TensorFlow is imported, so the tf_keras fix writes what it gives:
a tf_keras model with tf_keras' legacy Adam.
"""

CASE = {
    "title": "tf.keras.optimizers.legacy.Adam under Keras 3 (and before TF 2.9)",
    "source": {"kind": "known",
               "refs": ["https://github.com/mrosol/Nonlincausality/issues/14",
                        "https://github.com/amaiya/ktrain/issues/525",
                        "https://github.com/deepchem/deepchem/pull/4200",
                        "https://github.com/deepchem/deepchem/pull/4234",
                        "https://github.com/deepchem/deepchem/issues/4564",
                        "https://github.com/google-research/deeplab2/issues/165",
                        "https://github.com/keras-team/keras/pull/18540"],
               "title": "ImportError: `keras.optimizers.legacy` is not supported in Keras 3",
               "frequency": {"reports": 7,
                             "as_of": "2026-12-06",
                             "how": "issues search 'keras.optimizers.legacy is not supported in Keras 3': "
                                    "Nonlincausality x2, ktrain, deepchem x3; plus deeplab2#165 (legacy "
                                    "missing in Keras 2.6)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "legacy_adam_keras3": {
            "role": "broken",
            "title": "compile(optimizer=tf.keras.optimizers.legacy.Adam(learning_rate=1e-3)); fit",
            "claim": {"text": "ImportError: `keras.optimizers.legacy` is not supported in Keras 3",
                      "versions": "Keras 3 (TF 2.16+)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ImportError",
                                 "message": "keras.optimizers.legacy. is not supported in Keras 3"}},
        },
        "legacy_adam_keras26": {
            "role": "broken",
            "title": "the same code on TF/Keras 2.6",
            "claim": {"text": "Keras 2.6 does not have yet the optimizers.legacy module: a runtime error",
                      "versions": "TF + Keras 2.6 (deeplab2#165)",
                      "scope": {"tf": ">=2.6,<2.7"},
                      "expect": {"error_type": "AttributeError", "message": "legacy"}},
        },
        "plain_adam": {
            "role": "fix",
            "title": "compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3)); fit",
            "claim": {"text": "replace tf.keras.optimizers.legacy.Adam by tf.keras.optimizers.Adam "
                              "for Keras 3 compatibility",
                      "versions": "Keras 3 (deepchem#4564)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
        "tf_keras_legacy_adam": {
            "role": "fix",
            "title": "what tf_keras + TF_USE_LEGACY_KERAS gives: a tf_keras model with "
                     "tf_keras.optimizers.legacy.Adam; fit",
            "claim": {"text": "install tf_keras and set TF_USE_LEGACY_KERAS=True: the legacy "
                              "optimizers work",
                      "versions": "TF 2.16+ (deepchem#4234)",
                      "scope": {"tf": ">=2.16"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _fit(ctx, keras, make_optimizer):
    import numpy as np
    rng = np.random.RandomState(0)
    x = rng.rand(4, 3).astype("float32")
    y = rng.rand(4, 2).astype("float32")
    model = keras.models.Sequential([keras.layers.Dense(2, input_shape=(3,))])
    with ctx.subject("compile with the optimizer, fit"):
        model.compile(optimizer=make_optimizer(keras), loss="mse")
        model.fit(x, y, batch_size=4, epochs=1, verbose=0)


def legacy_adam_keras3(ctx):
    _fit(ctx, ctx.keras, lambda keras: keras.optimizers.legacy.Adam(learning_rate=1e-3))


def legacy_adam_keras26(ctx):
    _fit(ctx, ctx.keras, lambda keras: keras.optimizers.legacy.Adam(learning_rate=1e-3))


def plain_adam(ctx):
    _fit(ctx, ctx.keras, lambda keras: keras.optimizers.Adam(learning_rate=1e-3))


def tf_keras_legacy_adam(ctx):
    try:
        import tf_keras
    except ImportError as exc:
        ctx.skip("tf_keras (what TF_USE_LEGACY_KERAS=1 needs) does not import here: %s" % exc)
    _fit(ctx, tf_keras, lambda keras: keras.optimizers.legacy.Adam(learning_rate=1e-3))
