"""Known reports: the scikit-learn wrappers `KerasClassifier` / `KerasRegressor` imported from
`keras.wrappers.scikit_learn` or `tensorflow.keras.wrappers.scikit_learn` after their removal:
"ModuleNotFoundError: No module named 'keras.wrappers'" / "... 'tensorflow.keras.wrappers'".

keras-team/keras#19747 (TensorFlow 2.16.1, keras 3.3.3: both `from keras.wrappers.scikit_learn
import KerasClassifier` and `from tensorflow.keras.wrappers.scikit_learn import KerasClassifier`
fail), adapt-python/adapt#118 (`from tensorflow.keras.wrappers.scikit_learn import KerasRegressor`,
Python 3.11, January 2024), microsoft/ml-wrappers#134 (July 2023: "The latest tensorflow release
has dropped KerasClassifier and KerasRegressor scikit-learn style wrappers"; moved to scikeras,
as tensorflow/tensorflow#32532 advised). Keras 3.8 later added different wrappers
(`keras.wrappers.SKLearnClassifier`, keras-team/keras#20599). The fixes need packages the
matrix rows do not install (scikeras; scikit-learn for Keras 3.8's wrappers), so only the
code as written is measured.

Each variant wraps a function that builds and compiles a small classifier (with the same
package as the import) and fits it on 8 samples.
"""

CASE = {
    "title": "KerasClassifier from keras.wrappers.scikit_learn / tensorflow.keras.wrappers after their removal",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/19747",
                        "https://github.com/adapt-python/adapt/issues/118",
                        "https://github.com/microsoft/ml-wrappers/pull/134",
                        "https://github.com/keras-team/keras/pull/20599"],
               "title": "ModuleNotFoundError: No module named 'keras.wrappers'",
               "frequency": {"reports": 4,
                             "as_of": "2026-12-06",
                             "how": "issues search \"No module named 'keras.wrappers'\" / "
                                    "'tensorflow.keras.wrappers' KerasClassifier: keras#19747, adapt#118, "
                                    "ml-wrappers#134, tensorflow#32532 (deprecation)"}},
    "variants": {
        "keras_wrappers_as_written": {
            "role": "broken",
            "title": "from keras.wrappers.scikit_learn import KerasClassifier; KerasClassifier(build_fn=...).fit",
            "claim": {"text": "ModuleNotFoundError: No module named 'keras.wrappers'",
                      "versions": "TensorFlow 2.16.1, keras 3.3.3 (keras#19747)",
                      "scope": {"tf": ">=2.16"},
                      "expect": {"error_type": "ModuleNotFoundError",
                                 "message": "No module named 'keras.wrappers"}},
        },
        "tensorflow_keras_wrappers": {
            "role": "broken",
            "title": "from tensorflow.keras.wrappers.scikit_learn import KerasClassifier; ... .fit",
            "claim": {"text": "the latest tensorflow release has dropped KerasClassifier and KerasRegressor: "
                              "No module named 'tensorflow.keras.wrappers'",
                      "versions": "July 2023 (ml-wrappers#134), Python 3.11 (adapt#118), TF 2.16.1 (keras#19747)",
                      "scope": {"tf": ">=2.13"},
                      "expect": {"error_type": "ModuleNotFoundError",
                                 "message": "No module named 'tensorflow.keras.wrappers"}},
        },
    },
}


def _from_import(module, name):
    """`from <module> import <name>`, as the user's file writes it (same error when it fails)."""
    namespace = {}
    exec("from %s import %s" % (module, name), namespace)
    return namespace[name]


def _fit_wrapped(ctx, root):
    import numpy as np
    KerasClassifier = _from_import(root + ".wrappers.scikit_learn", "KerasClassifier")
    Sequential = _from_import(root + ".models", "Sequential")
    Dense = _from_import(root + ".layers", "Dense")

    def build_classifier():
        classifier = Sequential()
        classifier.add(Dense(1, activation="sigmoid", input_shape=(3,)))
        classifier.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
        return classifier

    rng = np.random.RandomState(0)
    x = rng.rand(8, 3).astype("float32")
    y = np.array([0, 1] * 4)
    classifier = KerasClassifier(build_fn=build_classifier, batch_size=8, epochs=1, verbose=0)
    classifier.fit(x, y)
    ctx.observe("fitted", True)


def keras_wrappers_as_written(ctx):
    try:
        import keras  # noqa: F401  the report imports from the `keras` package
    except ImportError as exc:
        ctx.skip("the `keras` package is not installed here: %s" % exc)
    with ctx.subject("from keras.wrappers.scikit_learn import KerasClassifier; fit"):
        _fit_wrapped(ctx, "keras")


def tensorflow_keras_wrappers(ctx):
    ctx.require_tf()
    with ctx.subject("from tensorflow.keras.wrappers.scikit_learn import KerasClassifier; fit"):
        _fit_wrapped(ctx, "tensorflow.keras")
