"""Known root cause: the TF 1.x serving recipe `model._make_predict_function()` (build
the predict function before using the model from Flask / another thread), run on TF 2.

Flask deployment templates and libraries call `model._make_predict_function()` right
after loading a model. With TensorFlow 2 users get "AttributeError: 'Functional' object
has no attribute '_make_predict_function'" (krishnaik06/Deployment-Deep-Learning-Model#4,
hon9g/Text-to-Color#4) or "'Sequential' object has no attribute
'_make_predict_function'" (linto-ai/pyrtstools#4 with TF 2.4.1, bentoml/BentoML#1242
with TF 2.3.1, keras-team/keras#14214). The fix given in krishnaik06#4 and
NJNischal/Facial-Expression-Recognition-with-CNNs#2 is the public
`model.make_predict_function()`; tensorflow#48478 explains that the underscored method
only exists in the TF1 (`training_v1`) code path. Each variant saves and reloads a tiny
model (as the recipes do), calls the method, then predicts.
"""

CASE = {
    "title": "model._make_predict_function() after load_model, then predict (Flask recipe)",
    "source": {"kind": "known",
               "refs": ["https://github.com/krishnaik06/Deployment-Deep-Learning-Model/issues/4",
                        "https://github.com/linto-ai/pyrtstools/issues/4",
                        "https://github.com/bentoml/BentoML/issues/1242",
                        "https://github.com/NJNischal/Facial-Expression-Recognition-with-CNNs/issues/2",
                        "https://github.com/tensorflow/tensorflow/issues/48478"],
               "title": "'Functional' object has no attribute '_make_predict_function'",
               "frequency": {"reports": 9,
                             "as_of": "2026-12-06",
                             "how": "issues searches \"'Functional' object has no attribute "
                                    "'_make_predict_function'\" and \"'Sequential' ... flask tensorflow 2\": "
                                    "9 threads (keras#14214, tensorflow#48478, BentoML#1242, "
                                    "Deployment-Deep-Learning-Model#4, AirsimDRL#11, chess-alpha-zero#97, "
                                    "pyrtstools#4, Facial-Expression-Recognition#2, Text-to-Color#4); "
                                    "pages search found no Q&A thread"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "underscore_make_predict_function": {
            "role": "broken",
            "title": "model = load_model(h5); model._make_predict_function(); predict",
            "claim": {"text": "AttributeError: 'Functional' / 'Sequential' object has no attribute "
                              "'_make_predict_function'",
                      "versions": "TensorFlow 2.3.1 (BentoML#1242), 2.4.1 (pyrtstools#4)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "object has no attribute '_make_predict_function'"}},
        },
        "public_make_predict_function": {
            "role": "fix",
            "title": "the same with model.make_predict_function()",
            "claim": {"text": "use model.make_predict_function() instead of model._make_predict_function()",
                      "versions": "TensorFlow 2.6 (NJNischal#2), TF 2.4 (tensorflow#48478)",
                      "scope": {"tf": ">=2.2"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _loaded_model(ctx):
    keras = ctx.keras
    model = keras.models.Sequential([keras.layers.Dense(2, input_shape=(4,), activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.save("model.h5")
    return keras.models.load_model("model.h5")


def _predict(ctx, model):
    import numpy as np
    prediction = model.predict(np.ones((2, 4), dtype="float32"))
    ctx.observe("prediction_shape", list(np.shape(prediction)))


def underscore_make_predict_function(ctx):
    model = _loaded_model(ctx)
    with ctx.subject("_make_predict_function + predict"):
        model._make_predict_function()
        _predict(ctx, model)


def public_make_predict_function(ctx):
    model = _loaded_model(ctx)
    with ctx.subject("make_predict_function + predict"):
        model.make_predict_function()
        _predict(ctx, model)
