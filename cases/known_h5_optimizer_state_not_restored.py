"""Known reports: loading a compiled, trained model from .h5 prints "Error in loading the saved
optimizer state. As a result, your model is starting with a freshly initialized optimizer." and the
optimizer state (Adam's moments, the iteration count) is gone: resuming training is not resuming.

googlecolab/colabtools#1105 (March 2020): "After training and saving a model (file extension: `.h5`),
loading it with `tensorflow.keras.models.load_model` doesn't load the optimizer's state:
WARNING:tensorflow:Error in loading the saved optimizer state ... In fact, these are missing and
`loaded_model.optimizer.get_weights()` is empty" (moved to tensorflow/tensorflow#37968);
ageron/handson-ml2#138 (the book's chapter 12 in Colab, same warning): "This issue seems to be fixed
in TF 2.2". The same warning is asked about in a dozen project trackers, where maintainers answer that
the optimizer state only matters to train further and load with `compile=False`
(IVPLatNU/DeepCovidXR#4: "This comes from not specifying the argument compile=False in the call to
Keras's load_model") or save without it (ina-foss/inaSpeechSegmenter#14: the models "are now saved
without optimizer's state"; oarriaga/face_classification#100: `include_optimizer=False`).

Tiny model, Adam, one training step, saved to .h5 and loaded. Effect `optimizer_state_restored`:
the loaded optimizer has the saved iteration count (1) again. The warning is observed
(`optimizer_warning`), from Python warnings or the TensorFlow logger.
"""

CASE = {
    "title": "load_model(.h5) of a trained model: 'Error in loading the saved optimizer state', optimizer reset",
    "source": {"kind": "known",
               "refs": ["https://github.com/googlecolab/colabtools/issues/1105",
                        "https://github.com/ageron/handson-ml2/issues/138",
                        "https://github.com/IVPLatNU/DeepCovidXR/issues/4",
                        "https://github.com/ina-foss/inaSpeechSegmenter/issues/14",
                        "https://github.com/oarriaga/face_classification/issues/100"],
               "title": "Error in loading the saved optimizer state. As a result, your model is starting "
                        "with a freshly initialized optimizer.",
               "frequency": {"reports": 12, "reactions": 6, "as_of": "2026-12-06",
                             "how": "issues search 'Error in loading the saved optimizer state': "
                                    "colabtools#1105 (2 'still facing' comments), handson-ml2#138, "
                                    "DeepCovidXR#4, inaSpeechSegmenter#14, face_classification#100, "
                                    "petercunha/Emotion#1 (4 'same error' comments), WannaPark#3, "
                                    "paz#146, hehefan/...#3, rnnoise#171, deephlapan#9, tf#42260"}},
    "variants": {
        "h5_optimizer_state_as_written": {
            "role": "broken",
            "title": "compile(adam), fit one step, model.save('model.h5'), load_model('model.h5')",
            "effects": ["optimizer_state_restored"],
            "claim": {"text": "the optimizer state is not loaded (warning 'Error in loading the saved "
                              "optimizer state'; optimizer.get_weights() empty)",
                      "versions": "Colab, March 2020 (TF 2.1/2.2rc); 'fixed in TF 2.2' (handson-ml2#138)",
                      "scope": {"tf": ">=2.1,<2.2", "flavour": "tf.keras"},
                      "expect": {"outcome": "silent_failure",
                                 "effects": {"optimizer_state_restored": "no"}}},
        },
        "compile_false": {
            "role": "fix",
            "title": "load_model('model.h5', compile=False), predict",
            "claim": {"text": "with compile=False the warning does not appear; the model predicts",
                      "versions": "DeepCovidXR#4 (2020)",
                      "expect": {"outcome": "ok", "observed": {"optimizer_warning": False}}},
        },
        "include_optimizer_false": {
            "role": "fix",
            "title": "model.save('model.h5', include_optimizer=False), load_model, predict",
            "claim": {"text": "saving without the optimizer state removes the warning",
                      "versions": "inaSpeechSegmenter#14 (2019), face_classification#100",
                      "expect": {"outcome": "ok", "observed": {"optimizer_warning": False}}},
        },
    },
}

WARNING_TEXT = "Error in loading the saved optimizer"


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3) / 6.0


def _trained(ctx):
    import numpy as np
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2)(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    model.fit(_x(), np.ones((2, 2), "float32"), epochs=1, batch_size=2, verbose=0)
    return model


class _Catch(object):
    """Python warnings and the TensorFlow / absl logger, while loading."""

    def __enter__(self):
        import logging
        import warnings
        self.messages = []
        self._warnings = warnings.catch_warnings(record=True)
        self.recorded = self._warnings.__enter__()
        warnings.simplefilter("always")
        catch = self

        class Handler(logging.Handler):
            def emit(self, record):
                catch.messages.append(record.getMessage())

        self.handler = Handler()
        self.loggers = [logging.getLogger(name) for name in ("tensorflow", "absl", "")]
        for logger in self.loggers:
            logger.addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        for logger in self.loggers:
            logger.removeHandler(self.handler)
        self.messages += [str(w.message) for w in self.recorded]
        self._warnings.__exit__(*exc)
        return False

    def saw(self, text):
        return any(text in m for m in self.messages)


def _iterations(ctx, model):
    optimizer = getattr(model, "optimizer", None)
    iterations = getattr(optimizer, "iterations", None)
    if iterations is None:
        return None
    return int(ctx.evaluate(iterations))


def h5_optimizer_state_as_written(ctx):
    keras = ctx.keras
    model = _trained(ctx)
    ctx.observe("saved_iterations", _iterations(ctx, model))
    model.save("model.h5")
    with ctx.subject("load_model('model.h5')"):
        with _Catch() as caught:
            loaded = keras.models.load_model("model.h5")
        ctx.observe("optimizer_warning", caught.saw(WARNING_TEXT))
        iterations = _iterations(ctx, loaded)
        ctx.observe("loaded_iterations", iterations)
        ctx.effect("optimizer_state_restored", iterations == 1)


def compile_false(ctx):
    keras = ctx.keras
    model = _trained(ctx)
    model.save("model.h5")
    with ctx.subject("load_model('model.h5', compile=False)"):
        with _Catch() as caught:
            loaded = keras.models.load_model("model.h5", compile=False)
        ctx.observe("optimizer_warning", caught.saw(WARNING_TEXT))
        loaded.predict(_x())


def include_optimizer_false(ctx):
    keras = ctx.keras
    model = _trained(ctx)
    with ctx.subject("model.save('model.h5', include_optimizer=False) + load_model"):
        model.save("model.h5", include_optimizer=False)
        with _Catch() as caught:
            loaded = keras.models.load_model("model.h5")
        ctx.observe("optimizer_warning", caught.saw(WARNING_TEXT))
        loaded.predict(_x())
