"""Known root cause: tf.numpy_function (or tf.py_function, or NumPy itself) called directly on a
symbolic Keras tensor (a keras.Input or a layer's output) while building a functional model, or
to compute a metric for model.add_metric.

tensorflow/tensorflow#43542 (TF 2.3.0, numpy 1.18.5): `x = tf.keras.layers.Input(shape=(2,))`;
`tf.sin(x)` gives a symbolic Tensor, but `tf.numpy_function(np.sin, [x], [tf.float32])` crashes,
which "prevents tf.numpy_function() from being directly used when building a Keras Model with the
Functional API". tensorflow/tensorflow#73835 (TF 2.17): a custom accuracy computed with
`tf.numpy_function(func=calc_accuracy, inp=[y, outputs], Tout=tf.float32)` on a functional
model's Input and output, then `model.add_metric(accuracy, name="accuracy", aggregation='mean')`,
"throw out an error in TF2.17. The same code runs fine in TF2.11". The same reporter's
keras-team/keras#20127: Keras 3 removed add_metric; the maintainer's answer: "Documented
workarounds include using a custom training loop or overriding compute_metrics()".

Fixes given by the sources, each its own variant: tf.compat.v1.disable_eager_execution()
(tensorflow#51677, py_function on keras.Input); a metric function(y_true, y_pred) passed to
compile(metrics=[...]), computed with a numpy function (keras-team/keras#9640: "you can use
tf.py_func"; keras-team/keras#16653: the numpy-function metric "calculates the metric properly")
or with tensor ops (tensorflow#38670: "write a function that accepts labels, predictions and
returns the metric value"); overriding compute_metrics() in Keras 3 (keras#20127).
`compute_metrics_override_shaped` is our corrected override: the same numpy metric with its
result's static shape set (numpy_function returns a tensor of unknown rank).

Models: Input(2) -> tf.numpy_function(np.sin) -> Model, predict; Input(2) -> Dense(1, sigmoid)
with zero initial weights (prediction 0.5, rounded to 0, labels 0: the right accuracy is 1.0, so
the effect `accuracy_logged` tells a computed metric from a metric never updated), one fit step.
"""
import numpy as np

CASE = {
    "title": "tf.numpy_function / NumPy on a symbolic Keras tensor: functional model, add_metric",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/43542",
                        "https://github.com/tensorflow/tensorflow/issues/73835",
                        "https://github.com/keras-team/keras/issues/20127",
                        "https://github.com/tensorflow/tensorflow/issues/51677",
                        "https://github.com/tensorflow/tensorflow/issues/43916",
                        "https://github.com/tensorflow/tensorflow/issues/34674",
                        "https://github.com/keras-team/keras/issues/9640",
                        "https://github.com/keras-team/keras/issues/16653",
                        "https://github.com/tensorflow/tensorflow/issues/38670"],
               "title": "tf.numpy_function() does not support symbolic Tensors",
               "frequency": {"reports": 9, "as_of": "2026-12-06",
                             "how": "issues searches 'tf.numpy_function keras Input functional model', "
                                    "'tf.py_function on keras.Input', 'numpy_function add_metric', "
                                    "'KerasTensor to numpy array': threads whose own code passes a "
                                    "symbolic Keras tensor to tf.numpy_function / tf.py_function / NumPy "
                                    "while building a model: tensorflow #43542, #73835, #43916 "
                                    "(custom_gradient around numpy_function, same reporter as #43542), "
                                    "#51677, #34674, #60514 with keras#18098 and tf-keras#206 (one "
                                    "reporter, a KerasTensor into an OpenCV function, 3 threads), "
                                    "msxiaojin/MDLCC#2 (np.multiply on a layer's output); generic "
                                    "'Cannot convert a symbolic Tensor' threads caused by numpy>=1.20 "
                                    "with TF<2.5 left out; no +1 counts or 'same here' comments seen "
                                    "in the stored threads; keras#20127 (add_metric gone in Keras 3, "
                                    "the #73835 reporter) cited, not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "numpy_function_on_input_as_written": {
            "role": "broken",
            "title": "x = Input(shape=(2,)); tf.numpy_function(np.sin, [x], [tf.float32]); Model(x, ...), "
                     "predict",
            "claim": {"text": "calling tf.numpy_function() with a symbolic Tensor (a tf.keras Input) "
                              "crashes, so it cannot be used directly when building a Keras Model with "
                              "the Functional API",
                      "versions": "TF 2.3.0, numpy 1.18.5 (tensorflow#43542)",
                      "scope": {"tf": ">=2.3,<2.4", "flavour": "tf.keras"},
                      "expect": {"outcome": "error"}},
        },
        "tf_sin_on_input": {
            "role": "demo",
            "title": "tf.sin(x) on the same Input; Model(x, ...), predict",
            "claim": {"text": "calling tf.sin() on the same symbolic Tensor gives a symbolic Tensor as "
                              "output",
                      "versions": "TF 2.3.0 (tensorflow#43542)",
                      "scope": {"tf": ">=2.3,<2.4", "flavour": "tf.keras"},
                      "expect": {"outcome": "ok"}},
        },
        "disable_eager_fix": {
            "role": "fix",
            "title": "tf.compat.v1.disable_eager_execution() first, then the numpy_function on the Input, "
                     "Model, predict",
            "claim": {"text": "tf.compat.v1.disable_eager_execution() avoids the error of a py_function "
                              "on a keras.Input",
                      "versions": "TF 2.x (tensorflow#51677, a maintainer's answer; labelled TF 2.10)",
                      "scope": {"tf": ">=2.0", "flavour": "tf.keras"},
                      "expect": {"outcome": "ok"}},
        },
        "numpy_metric_add_metric_as_written": {
            "role": "broken",
            "effects": ["accuracy_logged"],
            "title": "accuracy = tf.numpy_function(func=calc_accuracy, inp=[y, outputs], Tout=tf.float32) "
                     "on the functional model's Input and output; model.add_metric; compile; one fit step",
            "claim": {"text": "tf.numpy_function on keras tensors for a custom metric (model.add_metric) "
                              "throws an error in TF 2.17; the same code runs fine in TF 2.11",
                      "versions": "TF 2.17 errors, TF 2.11 runs (tensorflow#73835)",
                      "scope": {"tf": ">=2.17", "flavour": "keras3"},
                      "expect": {"outcome": "error"}},
        },
        "numpy_metric_in_compile": {
            "role": "fix",
            "effects": ["accuracy_logged"],
            "title": "the same numpy calc_accuracy in a metric function(y_true, y_pred) through "
                     "tf.numpy_function, compile(metrics=[accuracy]), one fit step",
            "claim": {"text": "a custom metric can be computed with NumPy through tf.py_func / a numpy "
                              "function inside a metric function passed to compile(metrics=[...])",
                      "versions": "Keras 2 (keras#9640, 2018); TF 2.9 (keras#16653)",
                      "scope": {"flavour": ["keras-standalone", "tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok"}},
        },
        "tf_ops_metric_in_compile": {
            "role": "fix",
            "effects": ["accuracy_logged"],
            "title": "the accuracy in tensor ops in a metric function(y_true, y_pred), "
                     "compile(metrics=[accuracy]), one fit step",
            "claim": {"text": "for a mean-based metric, write a function that accepts labels and "
                              "predictions and returns the metric value, and pass it to compile",
                      "versions": "TF 2.1 (tensorflow#38670)",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok"}},
        },
        "compute_metrics_override": {
            "role": "fix",
            "effects": ["accuracy_logged"],
            "title": "a Model subclass built functionally whose compute_metrics() updates a Mean with "
                     "tf.numpy_function(calc_accuracy, [y, y_pred]), one fit step",
            "claim": {"text": "add_metric was removed in Keras 3; override compute_metrics() instead",
                      "versions": "Keras 3 (keras-team/keras#20127)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
        "compute_metrics_override_shaped": {
            "role": "corrected",
            "effects": ["accuracy_logged"],
            "title": "the compute_metrics() override with the numpy_function result's static shape set "
                     "(accuracy.set_shape(())), one fit step",
        },
    },
}


def calc_accuracy(y_true, y_pred):
    # Calculate the accuracy (tensorflow#73835, as written)
    return np.mean(np.equal(y_true, np.round(y_pred)).astype(np.float32))


def _x():
    return np.array([[0.0, 1.0], [2.0, 3.0]], dtype="float32")


def _data(label_shape):
    """Four samples; labels 0, which a zero-initialised sigmoid unit (0.5, rounded to 0) matches."""
    xs = (np.arange(8, dtype="float32").reshape(4, 2) % 3.0) / 3.0
    return xs, np.zeros(label_shape, dtype="float32")


def _predict_sin(ctx, x, y):
    model = ctx.keras.models.Model(x, y)
    prediction = model.predict(_x(), verbose=0)
    ctx.observe("prediction_is_sin",
                bool(np.allclose(np.squeeze(np.asarray(prediction)), np.sin(_x()), atol=1e-5)))


def _accuracy_logged(ctx, history):
    """The accuracy fit reports: logged, and the right value (1.0), not a metric never updated."""
    values = [v for k, v in sorted(history.history.items()) if k.endswith("accuracy")]
    ctx.effect("accuracy_logged", bool(values) and abs(float(values[0][-1]) - 1.0) < 1e-6)


def _sigmoid_model(ctx):
    keras = ctx.keras
    x = keras.Input(shape=(2,))
    outputs = keras.layers.Dense(1, activation="sigmoid", kernel_initializer="zeros")(x)
    return x, outputs


def numpy_function_on_input_as_written(ctx):
    tf, keras = ctx.tf, ctx.keras
    x = keras.layers.Input(shape=(2,))
    with ctx.subject("tf.numpy_function on the Input, Model, predict"):
        y = tf.numpy_function(np.sin, [x], [tf.float32])
        _predict_sin(ctx, x, y)


def tf_sin_on_input(ctx):
    tf, keras = ctx.tf, ctx.keras
    x = keras.layers.Input(shape=(2,))
    with ctx.subject("tf.sin on the Input, Model, predict"):
        y = tf.sin(x)
        _predict_sin(ctx, x, y)


def disable_eager_fix(ctx):
    tf, keras = ctx.tf, ctx.keras
    tf.compat.v1.disable_eager_execution()
    x = keras.layers.Input(shape=(2,))
    with ctx.subject("tf.numpy_function on the Input, Model, predict (eager execution disabled)"):
        y = tf.numpy_function(np.sin, [x], [tf.float32])
        _predict_sin(ctx, x, y)


def numpy_metric_add_metric_as_written(ctx):
    tf, keras = ctx.tf, ctx.keras
    Dense, Model = keras.layers.Dense, keras.models.Model
    # Define the model using the Functional API (tensorflow#73835; Input(20,) -> Dense(64) -> Dense(1) there)
    x = keras.Input(shape=(2,), name="x", dtype=tf.float32)
    y = keras.Input(shape=(), name="y", dtype=tf.float32)
    outputs = Dense(1, activation="sigmoid", kernel_initializer="zeros")(x)
    model = Model(inputs=[x, y], outputs=outputs)
    with ctx.subject("tf.numpy_function on the model's tensors, add_metric, compile, fit"):
        accuracy = tf.numpy_function(
            func=calc_accuracy,
            inp=[y, outputs],
            Tout=tf.float32)
        model.add_metric(accuracy, name="accuracy", aggregation="mean")
        model.compile(optimizer="adam", loss="binary_crossentropy")
        xs, ys = _data((4,))
        history = model.fit([xs, ys], ys, epochs=1, batch_size=4, verbose=0)
        _accuracy_logged(ctx, history)


def numpy_metric_in_compile(ctx):
    tf, keras = ctx.tf, ctx.keras

    def accuracy(y_true, y_pred):
        return tf.numpy_function(calc_accuracy, [y_true, y_pred], tf.float32)

    x, outputs = _sigmoid_model(ctx)
    model = keras.models.Model(x, outputs)
    with ctx.subject("compile(metrics=[numpy metric]), fit"):
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[accuracy])
        xs, ys = _data((4, 1))
        history = model.fit(xs, ys, epochs=1, batch_size=4, verbose=0)
        _accuracy_logged(ctx, history)


def tf_ops_metric_in_compile(ctx):
    tf, keras = ctx.tf, ctx.keras

    def accuracy(y_true, y_pred):
        return tf.reduce_mean(tf.cast(tf.equal(y_true, tf.round(y_pred)), tf.float32))

    x, outputs = _sigmoid_model(ctx)
    model = keras.models.Model(x, outputs)
    with ctx.subject("compile(metrics=[tensor-op metric]), fit"):
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[accuracy])
        xs, ys = _data((4, 1))
        history = model.fit(xs, ys, epochs=1, batch_size=4, verbose=0)
        _accuracy_logged(ctx, history)


def _accuracy_model(ctx, shaped):
    tf, keras = ctx.tf, ctx.keras

    class AccuracyModel(keras.Model):
        def __init__(self, *args, **kwargs):
            super(AccuracyModel, self).__init__(*args, **kwargs)
            self.accuracy_tracker = keras.metrics.Mean(name="accuracy")

        def compute_metrics(self, x, y, y_pred, sample_weight=None):
            accuracy = tf.numpy_function(calc_accuracy, [y, y_pred], tf.float32)
            if shaped:
                accuracy.set_shape(())
            self.accuracy_tracker.update_state(accuracy)
            return self.get_metrics_result()

    x, outputs = _sigmoid_model(ctx)
    return AccuracyModel(x, outputs)


def _fit_accuracy_model(ctx, model):
    model.compile(optimizer="adam", loss="binary_crossentropy")
    xs, ys = _data((4, 1))
    history = model.fit(xs, ys, epochs=1, batch_size=4, verbose=0)
    _accuracy_logged(ctx, history)


def compute_metrics_override(ctx):
    model = _accuracy_model(ctx, shaped=False)
    with ctx.subject("compile, fit (compute_metrics override)"):
        _fit_accuracy_model(ctx, model)


def compute_metrics_override_shaped(ctx):
    model = _accuracy_model(ctx, shaped=True)
    with ctx.subject("compile, fit (compute_metrics override)"):
        _fit_accuracy_model(ctx, model)
