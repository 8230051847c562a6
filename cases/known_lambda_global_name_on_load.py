"""Known reports: a Lambda layer whose function uses a name from the training script's globals
(`K`, `tf`, a constant such as `batch_size`) is saved with the model; loading it in another
script fails with "NameError: name 'K' is not defined" (or 'tf', 'batch_size').

Keras stores the Lambda's bytecode and the name of the module it was defined in; at load time the
function's globals are Keras's own module plus that module's namespace *if it is imported*. The
training script is not, so its globals are gone: philipperemy/keract#69 (`load_model(... "model.h5")`:
"NameError: Exception encountered when calling layer "lambda_1" (type Lambda). name 'K' is not
defined", from `keras/layers/core/lambda_layer.py`; answer: `import tensorflow.keras.backend as K`),
AVAuco/laeonetplus#8 (same NameError for 'K'; "I fixed the error by adding these: from keras import
backend as K ... load_model(modelfile, compile=False, custom_objects={"tf": tf})"),
keras-team/keras#5298 (a Lambda calling `tf.image.resize_images` / `tf.log`: "NameError" on load, in
`keras/models.py`), krasserm/super-resolution#7 ("NameError: name 'tf' is not defined" in
`Lambda(lambda x: K.in_train_phase(x, tf.pad(...)))`), keras-team/keras#15759 (TF 2.6.0: "NameError:
name 'batch_size' is not defined when using a lambda layer", pointing to keras-team/keras#4079),
gmalivenko/pytorch2keras#66 (fixed by an explicit `import tensorflow as tf` inside the lambda's
function: "Apparently the lambda is executed quite literally without the scope context").

The training script is rebuilt as a module (`train`) executed from source and never imported, so
that its globals are not reachable at load time, as in a separate predict script; loading runs in
the same process and environment. The existing known_lambda_safe_mode covers safe_mode; here the
as-written loads use the reporters' .h5 files, and one demo passes safe_mode=False where the
argument exists, to get past safe mode to this root cause.
"""

CASE = {
    "title": "Lambda using the training script's globals (K, tf, batch_size): NameError when loading elsewhere",
    "source": {"kind": "known",
               "refs": ["https://github.com/philipperemy/keract/issues/69",
                        "https://github.com/AVAuco/laeonetplus/issues/8",
                        "https://github.com/keras-team/keras/issues/5298",
                        "https://github.com/krasserm/super-resolution/issues/7",
                        "https://github.com/keras-team/keras/issues/15759",
                        "https://github.com/gmalivenko/pytorch2keras/pull/66"],
               "title": "NameError: name 'K' is not defined",
               "frequency": {"reports": 9, "as_of": "2026-12-06",
                             "how": "issues search \"NameError: name 'tf' is not defined\" / 'name 'K' is "
                                    "not defined' load_model Lambda: keract#69, laeonetplus#8, keras#5298, "
                                    "super-resolution#7, keras#15759 (-> keras#4079), pytorch2keras#66 and "
                                    "#48, tf#54198, tf#56920"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "lambda_K_as_written": {
            "role": "broken",
            "title": "train: K = keras.backend; Lambda(lambda x: K.clip(x, 0., 1.)); save model.h5; "
                     "load_model('model.h5') elsewhere",
            "claim": {"text": "NameError: name 'K' is not defined (raised calling the Lambda while the "
                              "model is rebuilt)",
                      "versions": "tf.keras with keras/layers/core/lambda_layer.py (Keras 2.7+, 2022)",
                      "scope": {"tf": ">=2.7", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "NameError", "message": "name 'K' is not defined"}},
        },
        "lambda_tf_as_written": {
            "role": "broken",
            "title": "train: Lambda(lambda x: tf.pad(x, ...)); save model.h5; load_model elsewhere",
            "claim": {"text": "NameError: name 'tf' is not defined",
                      "versions": "standalone Keras 1.2-2.2 (keras#5298 2017, super-resolution#7 2019)",
                      "scope": {"flavour": "keras-standalone"},
                      "expect": {"error_type": "NameError", "message": "name 'tf' is not defined"}},
        },
        "lambda_global_constant": {
            "role": "broken",
            "title": "train: batch_size = 2; Lambda(lambda x: x / batch_size); save; load_model elsewhere",
            "claim": {"text": "NameError: name 'batch_size' is not defined",
                      "versions": "TF 2.6.0 (keras#15759)",
                      "scope": {"tf": ">=2.6"},
                      "expect": {"error_type": "NameError",
                                 "message": "name 'batch_size' is not defined"}},
        },
        "custom_objects_fix": {
            "role": "fix",
            "title": "load_model('model.h5', custom_objects={'K': K, 'tf': tf}) for the K lambda",
            "claim": {"text": "passing the missing names in custom_objects makes the model load",
                      "versions": "laeonetplus#8 (Colab, 2022)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "import_inside_fix": {
            "role": "fix",
            "title": "train: Lambda(pad) where pad() does `import tensorflow as tf` itself; load elsewhere",
            "claim": {"text": "an explicit import inside the lambda's function fixes the NameError",
                      "versions": "pytorch2keras#66 (2019)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "lambda_global_safe_mode_off": {
            "role": "demo",
            "title": "the batch_size lambda loaded with load_model(..., safe_mode=False) (TF >= 2.13 / "
                     "Keras 3, where keras.backend has no K.clip)",
        },
    },
}

# The training script, run as its own module ("train") and never imported: what a predict
# script that loads model.h5 does not have. `keras`, `tf` and `x` are provided to it.
TRAIN_K = """
K = keras.backend
inputs = keras.layers.Input((4,))
outputs = keras.layers.Lambda(lambda x: K.clip(x, 0., 1.))(keras.layers.Dense(4)(inputs))
model = keras.models.Model(inputs, outputs)
model.predict(x)
model.save("model.h5")
"""

TRAIN_TF = """
inputs = keras.layers.Input((4,))
outputs = keras.layers.Lambda(lambda x: tf.pad(x, [[0, 0], [1, 1]]))(keras.layers.Dense(4)(inputs))
model = keras.models.Model(inputs, outputs)
model.predict(x)
model.save("model.h5")
"""

TRAIN_CONSTANT = """
batch_size = 2
inputs = keras.layers.Input((4,))
outputs = keras.layers.Lambda(lambda x: x / batch_size)(keras.layers.Dense(4)(inputs))
model = keras.models.Model(inputs, outputs)
model.predict(x)
model.save("model.h5")
"""

TRAIN_IMPORT_INSIDE = """
def pad(x):
    import tensorflow as tf
    return tf.pad(x, [[0, 0], [1, 1]])

inputs = keras.layers.Input((4,))
outputs = keras.layers.Lambda(pad)(keras.layers.Dense(4)(inputs))
model = keras.models.Model(inputs, outputs)
model.predict(x)
model.save("model.h5")
"""


def _x():
    import numpy as np
    return np.arange(8, dtype="float32").reshape(2, 4) / 8.0


def _train(ctx, source):
    """Run the training script as module 'train' (not in sys.modules); return its model."""
    import types
    train = types.ModuleType("train")
    train.__dict__.update({"keras": ctx.keras, "tf": ctx.tf, "x": _x()})
    exec(compile(source, "train.py", "exec"), train.__dict__)
    return train.model


def _compare(ctx, model, loaded):
    import numpy as np
    same = np.allclose(model.predict(_x()), loaded.predict(_x()), atol=1e-5)
    ctx.observe("same_prediction", bool(same))


def _load_elsewhere(ctx, model, **kwargs):
    keras = ctx.keras
    with ctx.subject("load_model('model.h5'%s)" % "".join(", %s=..." % k for k in kwargs)):
        loaded = keras.models.load_model("model.h5", **kwargs)
        _compare(ctx, model, loaded)


def lambda_K_as_written(ctx):
    _load_elsewhere(ctx, _train(ctx, TRAIN_K))


def lambda_tf_as_written(ctx):
    _load_elsewhere(ctx, _train(ctx, TRAIN_TF))


def lambda_global_constant(ctx):
    _load_elsewhere(ctx, _train(ctx, TRAIN_CONSTANT))


def custom_objects_fix(ctx):
    _load_elsewhere(ctx, _train(ctx, TRAIN_K),
                    custom_objects={"K": ctx.keras.backend, "tf": ctx.tf})


def import_inside_fix(ctx):
    _load_elsewhere(ctx, _train(ctx, TRAIN_IMPORT_INSIDE))


def lambda_global_safe_mode_off(ctx):
    import inspect
    keras = ctx.keras
    try:
        takes_safe_mode = "safe_mode" in inspect.signature(keras.models.load_model).parameters
    except (TypeError, ValueError):
        takes_safe_mode = False
    if not takes_safe_mode:
        ctx.skip("load_model has no safe_mode argument here (TF < 2.13)")
    _load_elsewhere(ctx, _train(ctx, TRAIN_CONSTANT), safe_mode=False)
