"""Known reports: `from keras.utils import np_utils` then `np_utils.to_categorical(y)`, the
Keras 1/2 idiom, with a recent Keras: "ImportError: cannot import name 'np_utils' from
'keras.utils'".

keras-team/keras#18363 (August 2023; the maintainer: "In the public API, you cannot access
np_util (it's internal). You are supposed to access utilities via the utils module, e.g. from
keras import utils; utils.to_categorical(...)"), lukas/ml-class#76 (December 2023, Python 3.9,
full traceback), KordingLab/Neural_Decoding#19 (October 2023: "I resolved this by substituting
`from keras.utils import np_utils` with `from keras.utils import to_categorical`"),
tensorflow/tensorflow#14008 (fchollet: "np_utils is not part of the public API"). Code that
still uses it: Keras books and course material.

The imports are written against the `keras` package, as in the reports (not applicable where
that package is not installed). Each one-hot encodes [0, 2, 1].
"""

CASE = {
    "title": "from keras.utils import np_utils; np_utils.to_categorical (Keras 2.13+ / 3)",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/18363",
                        "https://github.com/lukas/ml-class/issues/76",
                        "https://github.com/KordingLab/Neural_Decoding/issues/19",
                        "https://github.com/tensorflow/tensorflow/issues/14008"],
               "title": "ImportError: cannot import name 'np_utils' from 'keras.utils'",
               "frequency": {"reports": 9,
                             "as_of": "2026-12-06",
                             "how": "issues search \"cannot import name 'np_utils'\", \"No module named "
                                    "'keras.utils.np_utils'\" and 'to_categorical from keras.utils': 4 np_utils "
                                    "threads + 5 to_categorical import threads (old/mismatched Keras)"}},
    "variants": {
        "keras_utils_np_utils_as_written": {
            "role": "broken",
            "title": "from keras.utils import np_utils; np_utils.to_categorical([0, 2, 1], 3)",
            "claim": {"text": "ImportError: cannot import name 'np_utils' from 'keras.utils' "
                              "(np_utils is internal)",
                      "versions": "August 2023 (keras#18363), December 2023 (ml-class#76)",
                      "scope": {"tf": ">=2.13"},
                      "expect": {"error_type": "ImportError", "message": "cannot import name 'np_utils'"}},
        },
        "keras_utils_to_categorical": {
            "role": "fix",
            "title": "from keras.utils import to_categorical; to_categorical([0, 2, 1], 3)",
            "claim": {"text": "substitute from keras.utils import to_categorical",
                      "versions": "October 2023 (Neural_Decoding#19)",
                      "scope": {"tf": ">=2.13"},
                      "expect": {"outcome": "ok", "observed": {"one_hot_shape": [3, 3]}}},
        },
        "keras_utils_module": {
            "role": "fix",
            "title": "from keras import utils; utils.to_categorical([0, 2, 1], 3)",
            "claim": {"text": "access utilities via the utils module: from keras import utils; "
                              "utils.to_categorical(...)",
                      "versions": "August 2023 (keras#18363)",
                      "scope": {"tf": ">=2.13"},
                      "expect": {"outcome": "ok", "observed": {"one_hot_shape": [3, 3]}}},
        },
    },
}


def _from_import(module, name):
    """`from <module> import <name>`, as the user's file writes it (same error when it fails)."""
    namespace = {}
    exec("from %s import %s" % (module, name), namespace)
    return namespace[name]


def _keras_package(ctx):
    try:
        import keras  # noqa: F401  the reports import from the `keras` package
    except ImportError as exc:
        ctx.skip("the `keras` package is not installed here: %s" % exc)


def _one_hot(ctx, to_categorical):
    one_hot = to_categorical([0, 2, 1], 3)
    ctx.observe("one_hot_shape", list(one_hot.shape))


def keras_utils_np_utils_as_written(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras.utils import np_utils; np_utils.to_categorical"):
        np_utils = _from_import("keras.utils", "np_utils")
        _one_hot(ctx, np_utils.to_categorical)


def keras_utils_to_categorical(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras.utils import to_categorical"):
        _one_hot(ctx, _from_import("keras.utils", "to_categorical"))


def keras_utils_module(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras import utils; utils.to_categorical"):
        utils = _from_import("keras", "utils")
        _one_hot(ctx, utils.to_categorical)
