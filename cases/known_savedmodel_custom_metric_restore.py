"""Known reports: a model compiled with a custom metric class, saved in the TensorFlow SavedModel
format (`model.save(<dir>)`, the TF 2.x default, or a ModelCheckpoint without .h5), does not load
back without custom_objects: "ValueError: Unable to restore custom object of type _tf_keras_metric
currently. Please make sure that the layer implements `get_config`and `from_config` when saving. In
addition, please use the `custom_objects` arg when calling `load_model()`."

ashrefm/multi-label-soft-f1#7 (TF 2.2, `tf.keras.models.load_model(export_path, custom_objects=
{'KerasLayer': hub.KerasLayer})`), dsr-18/long-live-the-battery#35 (fix: "You can fix this by giving
the custom metrics as parameters to the load function"), ludwig-ai/ludwig#739 ("The fix for this
error required use of the `custom_objects` parameter on the `tf.keras.models.load_model()` method
call ... to restore the custom metric classes"), qubvel/segmentation_models#540 (a ModelCheckpoint
SavedModel of a Unet compiled with `sm.metrics.IOUScore`, `sm.metrics.FScore`),
keras-team/tf-keras#642 (TF 2.7 / 2.8: "Models with custom metrics cannot be loaded from trace"),
tensorflow/tensorflow#53606 (= keras-team/keras#15852, "Unable to restore custom metric"), and on
TF 2.0 the function-metric form, tensorflow/tensorflow#33646: "ValueError: Unknown metric function:
CustomMetric ... load_model currently ignores the custom_objects dict for the tf saved model format".

A custom `keras.metrics.Metric` subclass (a running mean absolute error) on a tiny model. Keras 3
writes no SavedModel from `model.save` (see known_savedmodel_keras3): not applicable there.
"""

CASE = {
    "title": "SavedModel with a custom Metric class, load_model without custom_objects: Unable to restore _tf_keras_metric",
    "source": {"kind": "known",
               "refs": ["https://github.com/ashrefm/multi-label-soft-f1/issues/7",
                        "https://github.com/dsr-18/long-live-the-battery/issues/35",
                        "https://github.com/ludwig-ai/ludwig/pull/739",
                        "https://github.com/qubvel/segmentation_models/issues/540",
                        "https://github.com/keras-team/tf-keras/issues/642",
                        "https://github.com/tensorflow/tensorflow/issues/33646"],
               "title": "ValueError: Unable to restore custom object of type _tf_keras_metric currently.",
               "frequency": {"reports": 8, "as_of": "2026-12-06",
                             "how": "issues search 'Unable to restore custom object of type "
                                    "_tf_keras_metric' / 'Unable to restore custom metric': "
                                    "multi-label-soft-f1#7, long-live-the-battery#35, ludwig#739, "
                                    "segmentation_models#540, tf-keras#642, tf#53606 (= keras#15852, once), "
                                    "ob-f/OpenBot#39, tf#33646"}},
    "applies_to": {"flavours": ["tf.keras", "tf_keras"], "backends": ["tensorflow"]},
    "variants": {
        "savedmodel_metric_class_as_written": {
            "role": "broken",
            "title": "compile(metrics=[MeanAbsErr()]) (a Metric subclass), fit, model.save('my_model'), "
                     "load_model('my_model')",
            "claim": {"text": "ValueError: Unable to restore custom object of type _tf_keras_metric "
                              "currently ... please use the `custom_objects` arg when calling "
                              "`load_model()`",
                      "versions": "TF 2.2 (multi-label-soft-f1#7) to TF 2.8 (tf-keras#642)",
                      "scope": {"tf": ">=2.2"},
                      "expect": {"error_type": "ValueError",
                                 "message": "Unable to restore custom (object.*_tf_keras_metric|metric)"}},
        },
        "custom_objects_fix": {
            "role": "fix",
            "title": "load_model('my_model', custom_objects={'MeanAbsErr': MeanAbsErr}), evaluate",
            "claim": {"text": "giving the custom metrics in custom_objects to the load function fixes it",
                      "versions": "long-live-the-battery#35 (2021), ludwig#739 (TF 2.2, 2020)",
                      "expect": {"outcome": "ok"}},
        },
        "compile_false": {
            "role": "demo",
            "title": "load_model('my_model', compile=False), predict",
        },
        "function_metric_savedmodel": {
            "role": "broken",
            "title": "a metric *function* instead: save the SavedModel, load_model without custom_objects",
            "claim": {"text": "ValueError: Unknown metric function: <name>",
                      "versions": "TF 2.0 (tf#33646)",
                      "scope": {"tf": ">=2.0,<2.1"},
                      "expect": {"error_type": "ValueError", "message": "Unknown metric function"}},
        },
    },
}


def _metric_class(ctx):
    tf, keras = ctx.tf, ctx.keras

    class MeanAbsErr(keras.metrics.Metric):
        def __init__(self, name="mean_abs_err", **kwargs):
            super(MeanAbsErr, self).__init__(name=name, **kwargs)
            self.total = self.add_weight(name="total", initializer="zeros")
            self.count = self.add_weight(name="count", initializer="zeros")

        def update_state(self, y_true, y_pred, sample_weight=None):
            error = tf.reduce_mean(tf.abs(tf.cast(y_true, y_pred.dtype) - y_pred))
            self.total.assign_add(error)
            self.count.assign_add(1.0)

        def result(self):
            return self.total / self.count

    return MeanAbsErr


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    return rng.rand(8, 3).astype("float32"), rng.rand(8, 2).astype("float32")


def _saved(ctx, metric):
    keras = ctx.keras
    if not ctx.eager:
        ctx.skip("TF1 graph mode: the SavedModel model.save is a TF2 feature")
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2)(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse", metrics=[metric])
    x, y = _data()
    model.fit(x, y, epochs=1, batch_size=8, verbose=0)
    model.save("my_model")
    ctx.observe("saved", True)
    return model


def savedmodel_metric_class_as_written(ctx):
    keras = ctx.keras
    _saved(ctx, _metric_class(ctx)())
    with ctx.subject("load_model('my_model')"):
        loaded = keras.models.load_model("my_model")
        x, y = _data()
        loaded.evaluate(x, y, verbose=0)
        ctx.observe("evaluated", True)


def custom_objects_fix(ctx):
    keras = ctx.keras
    MeanAbsErr = _metric_class(ctx)
    _saved(ctx, MeanAbsErr())
    with ctx.subject("load_model('my_model', custom_objects={'MeanAbsErr': MeanAbsErr})"):
        loaded = keras.models.load_model("my_model", custom_objects={"MeanAbsErr": MeanAbsErr})
        x, y = _data()
        loaded.evaluate(x, y, verbose=0)
        ctx.observe("evaluated", True)


def compile_false(ctx):
    keras = ctx.keras
    _saved(ctx, _metric_class(ctx)())
    with ctx.subject("load_model('my_model', compile=False)"):
        loaded = keras.models.load_model("my_model", compile=False)
        x, _ = _data()
        ctx.observe("prediction_shape", [int(d) for d in loaded.predict(x).shape])


def function_metric_savedmodel(ctx):
    keras = ctx.keras
    tf = ctx.tf

    def custom_accuracy(y_true, y_pred):
        return tf.reduce_mean(tf.abs(y_true - y_pred), axis=-1)

    _saved(ctx, custom_accuracy)
    with ctx.subject("load_model('my_model')"):
        loaded = keras.models.load_model("my_model")
        x, y = _data()
        loaded.evaluate(x, y, verbose=0)
        ctx.observe("evaluated", True)
