"""Known reports: `from keras.optimizers import Adam` (or the Keras <= 2.3 lowercase alias
`adam`) failing: "ImportError: cannot import name 'Adam' from 'keras.optimizers'".

Two distinct failures are reported. The lowercase aliases of Keras <= 2.3 (`adam`, `sgd`...)
are gone: ashalogic/Persian-Sentiment-Analyzer#4 and
IAmSuyogJadhav/3d-mri-brain-tumor-segmentation-using-autoencoder-regularization#59 ("cannot
import name 'adam' from 'keras.optimizers' (.../keras/optimizers/__init__.py) ... Resolved this
by just changing line from keras.optimizers import Adam"). And the capitalised import itself
fails for many users of the 2021-2022 keras packages: eriklindernoren/Keras-GAN#257 (python 3.8,
keras/optimizers.py), AdrianNunez/Fall-Detection-with-CNNs-and-Optical-Flow#63 (Python 3.10),
rodrigo2019/keras_yolo2#27 (keras 2.7.0 per the report; "it's resolved if I do:
tf.keras.optimizers"), bubbliiiing/ssd-keras#22, hlamba28/UNET-TGS#7, liaoxiong3x/DeepCreamPy#3,
Skydddoogg/furniture-removal#20, shibing624/parrots#10, Fdevmsy/3D_shape_inpainting#2 ("solved by
changing to from tensorflow.keras.optimizers import Adam").

The `keras` imports are written against the `keras` package, as in the reports (not applicable
where it is not installed), with the model built from the same package. Each variant compiles
a Dense model with the imported optimizer and fits one step.
"""

CASE = {
    "title": "from keras.optimizers import Adam / adam, and from tensorflow.keras.optimizers import Adam",
    "source": {"kind": "known",
               "refs": ["https://github.com/eriklindernoren/Keras-GAN/issues/257",
                        "https://github.com/rodrigo2019/keras_yolo2/issues/27",
                        "https://github.com/AdrianNunez/Fall-Detection-with-CNNs-and-Optical-Flow/issues/63",
                        "https://github.com/ashalogic/Persian-Sentiment-Analyzer/issues/4",
                        "https://github.com/IAmSuyogJadhav/3d-mri-brain-tumor-segmentation-using-autoencoder-regularization/pull/59",
                        "https://github.com/Fdevmsy/3D_shape_inpainting/issues/2"],
               "title": "ImportError: cannot import name 'Adam' from 'keras.optimizers'",
               "frequency": {"reports": 12,
                             "as_of": "2026-12-06",
                             "how": "issues search \"cannot import name 'Adam' from 'keras.optimizers'\": "
                                    "10 issues + 2 fix PRs in 11 repos (2 of them the lowercase 'adam')"}},
    "variants": {
        "keras_optimizers_adam_as_written": {
            "role": "broken",
            "title": "from keras.optimizers import Adam; compile(optimizer=Adam()); fit",
            "claim": {"text": "ImportError: cannot import name 'Adam' from 'keras.optimizers'",
                      "versions": "keras 2.7.0 (keras_yolo2#27), python 3.8 / 3.10 (Keras-GAN#257, "
                                  "Fall-Detection#63), 2021-2022",
                      "scope": {"tf": ">=2.4,<2.16"},
                      "expect": {"error_type": "ImportError",
                                 "message": "cannot import name 'Adam' from 'keras.optimizers'"}},
        },
        "keras_optimizers_lowercase_adam": {
            "role": "broken",
            "title": "from keras.optimizers import adam; compile(optimizer=adam()); fit",
            "claim": {"text": "ImportError: cannot import name 'adam' from 'keras.optimizers'",
                      "versions": "TensorFlow 2 (3d-mri...#59, 2021), python 3.8 (Persian-Sentiment-Analyzer#4)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "ImportError",
                                 "message": "cannot import name 'adam' from 'keras.optimizers'"}},
        },
        "keras_optimizers_capital_adam": {
            "role": "fix",
            "title": "the lowercase import fixed to Adam: from keras.optimizers import Adam; fit",
            "claim": {"text": "resolved by changing the line to from keras.optimizers import Adam",
                      "versions": "TensorFlow 2, March 2021 (3d-mri...#59)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
        },
        "tensorflow_keras_optimizers_adam": {
            "role": "fix",
            "title": "from tensorflow.keras.optimizers import Adam; a tf.keras model; fit",
            "claim": {"text": "solved by changing to from tensorflow.keras.optimizers import Adam",
                      "versions": "2020-2022 (3D_shape_inpainting#2, keras_yolo2#27, ssd-keras#22)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
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


def _fit_with(ctx, root, optimizer_class):
    import numpy as np
    Sequential = _from_import(root + ".models", "Sequential")
    Dense = _from_import(root + ".layers", "Dense")
    model = Sequential([Dense(2, input_shape=(3,))])
    model.compile(optimizer=optimizer_class(), loss="mse")
    rng = np.random.RandomState(0)
    model.fit(rng.rand(4, 3).astype("float32"), rng.rand(4, 2).astype("float32"),
              batch_size=4, epochs=1, verbose=0)


def keras_optimizers_adam_as_written(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras.optimizers import Adam; fit"):
        _fit_with(ctx, "keras", _from_import("keras.optimizers", "Adam"))


def keras_optimizers_lowercase_adam(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras.optimizers import adam; fit"):
        _fit_with(ctx, "keras", _from_import("keras.optimizers", "adam"))


def keras_optimizers_capital_adam(ctx):
    _keras_package(ctx)
    with ctx.subject("from keras.optimizers import Adam; fit"):
        _fit_with(ctx, "keras", _from_import("keras.optimizers", "Adam"))


def tensorflow_keras_optimizers_adam(ctx):
    ctx.require_tf()
    with ctx.subject("from tensorflow.keras.optimizers import Adam; fit"):
        _fit_with(ctx, "tensorflow.keras", _from_import("tensorflow.keras.optimizers", "Adam"))
