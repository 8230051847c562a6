"""Known reports: `from keras.preprocessing.sequence import pad_sequences` with Keras 2.9-2.x:
"ImportError: cannot import name 'pad_sequences' from 'keras.preprocessing.sequence'" (or,
with `from keras.preprocessing import sequence`, "AttributeError: module
'keras.preprocessing.sequence' has no attribute 'pad_sequences'").

aimacode/aima-python#1262 (Python 3.8.13, Tensorflow 2.10.0, Keras 2.10.0; the answer: "the
attribute has been moved to keras.utils in keras 2.9 ... replace `from keras.preprocessing import
sequence` with `from keras.utils import pad_sequences`", confirmed by a second user),
NicGian/SentITA#7 (Python 3.11; advises `from keras_preprocessing.sequence import pad_sequences`),
a-coles/deep-rhyme-detection#25 (same keras_preprocessing fix), machinereading/frameBERT#4.
aimacode/aima-python#1267 (2026) notes that on Keras 3.14 / TF 2.21 the original import works
again.

The import is written against the `keras` package, as in the reports (not applicable where that
package is not installed); a last variant uses the `tensorflow.keras` path. Each pads two
sequences to length 3.
"""

CASE = {
    "title": "from keras.preprocessing.sequence import pad_sequences (Keras 2.9+), keras.utils and keras_preprocessing",
    "source": {"kind": "known",
               "refs": ["https://github.com/aimacode/aima-python/issues/1262",
                        "https://github.com/NicGian/SentITA/issues/7",
                        "https://github.com/a-coles/deep-rhyme-detection/pull/25",
                        "https://github.com/machinereading/frameBERT/issues/4",
                        "https://github.com/aimacode/aima-python/pull/1267"],
               "title": "ImportError: cannot import name 'pad_sequences' from 'keras.preprocessing.sequence'",
               "frequency": {"reports": 5,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues search \"cannot import name 'pad_sequences' from "
                                    "'keras.preprocessing.sequence'\" and \"... has no attribute "
                                    "'pad_sequences'\": 5 threads in 4 repos (held-out thread not counted); "
                                    "reaction = 'your answer helped me' in aima-python#1262"}},
    "variants": {
        "keras_preprocessing_sequence_as_written": {
            "role": "broken",
            "title": "from keras.preprocessing.sequence import pad_sequences; pad_sequences(...)",
            "claim": {"text": "ImportError: cannot import name 'pad_sequences' from "
                              "'keras.preprocessing.sequence' (moved to keras.utils in keras 2.9)",
                      "versions": "Tensorflow 2.10.0 / Keras 2.10.0 (aima-python#1262); works again "
                                  "with Keras 3.14 (aima-python#1267)",
                      "scope": {"tf": ">=2.9,<2.16"},
                      "expect": {"error_type": "ImportError",
                                 "message": "cannot import name 'pad_sequences'"}},
        },
        "keras_utils_pad_sequences": {
            "role": "fix",
            "title": "from keras.utils import pad_sequences; pad_sequences(...)",
            "claim": {"text": "replace it with from keras.utils import pad_sequences",
                      "versions": "keras 2.9+ (aima-python#1262)",
                      "scope": {"tf": ">=2.9"},
                      "expect": {"outcome": "ok", "observed": {"padded": [[0, 1, 2], [0, 0, 3]]}}},
        },
        "keras_preprocessing_package": {
            "role": "fix",
            "title": "from keras_preprocessing.sequence import pad_sequences; pad_sequences(...)",
            "claim": {"text": "import from keras_preprocessing.sequence instead of keras.preprocessing.sequence",
                      "versions": "Python 3.11 (SentITA#7), 2022 (deep-rhyme-detection#25)",
                      "scope": {"tf": ">=2.9"},
                      "expect": {"outcome": "ok", "observed": {"padded": [[0, 1, 2], [0, 0, 3]]}}},
        },
        "tensorflow_keras_path": {
            "role": "corrected",
            "title": "from tensorflow.keras.preprocessing.sequence import pad_sequences; pad_sequences(...)",
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


def _pad(ctx, pad_sequences):
    padded = pad_sequences([[1, 2], [3]], maxlen=3)
    ctx.observe("padded", [[int(v) for v in row] for row in padded])


def keras_preprocessing_sequence_as_written(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras.preprocessing.sequence import pad_sequences"):
        _pad(ctx, _from_import("keras.preprocessing.sequence", "pad_sequences"))


def keras_utils_pad_sequences(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras.utils import pad_sequences"):
        _pad(ctx, _from_import("keras.utils", "pad_sequences"))


def keras_preprocessing_package(ctx):
    with ctx.subject("from keras_preprocessing.sequence import pad_sequences"):
        _pad(ctx, _from_import("keras_preprocessing.sequence", "pad_sequences"))


def tensorflow_keras_path(ctx):
    ctx.require_tf()
    with ctx.subject("from tensorflow.keras.preprocessing.sequence import pad_sequences"):
        _pad(ctx, _from_import("tensorflow.keras.preprocessing.sequence", "pad_sequences"))
