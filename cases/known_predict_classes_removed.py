"""Known reports: `Sequential.predict_classes()` / `predict_proba()`, removed in TensorFlow 2.6:
"AttributeError: 'Sequential' object has no attribute 'predict_classes'".

Tutorial and book code calls them after training a classifier: tensorflow/tensorflow#53391
(a text-generation loop, `model.predict_classes(token_list, verbose=0)`), keras-team/keras#15838,
williamfzc/stagesepx#164 and m2dsupsdlclass/lectures-labs#32 ("This function were removed in
TensorFlow version 2.6"), dipanjanS/practical-machine-learning-with-python#32, keiraydev/chatbot#5
("tensorflow 2.6 이상 ... predict_classes 지원이 안됩니다"), zhwuer/Chinese-Chess#3,
jayxsinha/Efficient-CNN-BiLSTM-for-Network-IDS#4, google/eng-edu#88. The fix given everywhere:
`np.argmax(model.predict(x), axis=1)` (keiraydev/chatbot#5, and the answer in keras#15838).
`predict_proba` went with it (scikit-learn-contrib/imbalanced-learn#993: "it has been deprecated
in favour of the predict method, which directly returns the predicted class probabilities").
"""

CASE = {
    "title": "Sequential.predict_classes / predict_proba after their removal in TF 2.6",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/53391",
                        "https://github.com/keras-team/keras/issues/15838",
                        "https://github.com/williamfzc/stagesepx/issues/164",
                        "https://github.com/m2dsupsdlclass/lectures-labs/issues/32",
                        "https://github.com/keiraydev/chatbot/issues/5",
                        "https://github.com/scikit-learn-contrib/imbalanced-learn/pull/993"],
               "title": "AttributeError: 'Sequential' object has no attribute 'predict_classes'",
               "frequency": {"reports": 11,
                             "as_of": "2026-12-06",
                             "how": "issues search \"'Sequential' object has no attribute 'predict_classes'\" "
                                    "and '... predict_proba': 8 issues in 8 repos + 3 fix PRs "
                                    "(eng-edu x2, imbalanced-learn); the held-out thread not counted"}},
    "variants": {
        "predict_classes_as_written": {
            "role": "broken",
            "title": "Sequential softmax classifier; model.predict_classes(x)",
            "claim": {"text": "AttributeError: 'Sequential' object has no attribute 'predict_classes'",
                      "versions": "removed in TensorFlow 2.6 (stagesepx#164, lectures-labs#32)",
                      "scope": {"tf": ">=2.6"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'predict_classes'"}},
        },
        "predict_proba_as_written": {
            "role": "broken",
            "title": "Sequential softmax classifier; model.predict_proba(x)",
            "claim": {"text": "the Sequential class does not have a predict_proba method "
                              "(AttributeError)",
                      "versions": "TensorFlow 2.x, June 2023 (imbalanced-learn#993)",
                      "scope": {"tf": ">=2.6"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'predict_proba'"}},
        },
        "argmax_of_predict": {
            "role": "fix",
            "title": "np.argmax(model.predict(x), axis=1)",
            "claim": {"text": "np.argmax(model.predict(x)) gives the predicted classes",
                      "versions": "tensorflow 2.6+ (keiraydev/chatbot#5)",
                      "expect": {"outcome": "ok", "observed": {"classes_shape": [4]}}},
        },
    },
}


def _classifier(ctx):
    keras = ctx.keras
    model = keras.models.Sequential([keras.layers.Dense(3, activation="softmax", input_shape=(5,))])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def _x():
    import numpy as np
    return np.random.RandomState(0).rand(4, 5).astype("float32")


def predict_classes_as_written(ctx):
    model = _classifier(ctx)
    with ctx.subject("model.predict_classes"):
        classes = model.predict_classes(_x(), verbose=0)
    ctx.observe("classes_shape", list(classes.shape))


def predict_proba_as_written(ctx):
    model = _classifier(ctx)
    with ctx.subject("model.predict_proba"):
        probabilities = model.predict_proba(_x(), verbose=0)
    ctx.observe("probabilities_shape", list(probabilities.shape))


def argmax_of_predict(ctx):
    import numpy as np
    model = _classifier(ctx)
    with ctx.subject("np.argmax(model.predict(x))"):
        classes = np.argmax(model.predict(_x(), verbose=0), axis=1)
    ctx.observe("classes_shape", list(classes.shape))
