"""Known reports: pickling a Keras model (directly, through joblib, or inside an object that holds
one) fails with "TypeError: can't pickle _thread.RLock objects" (Python 3.8+: "cannot pickle
'_thread.RLock' object").

keras-team/keras#14180 (2020): `pickle.dump(learner, open('model.pkl','wb'))` -> "TypeError: cannot
pickle '_thread.RLock' object", three "same issue" comments; the answer: "you can save and load
keras models without using pickle" (to_json / save_weights, model.save). tensorflow/
tensorflow#34697 ("Keras model pickle-able but tf.keras model not pickle-able"): a comment on
TF 2.7.0.dev20210702 still gets "TypeError: cannot pickle '_thread.RLock' object" from
`joblib.dump(model, 'model.pkl')`. keras-team/keras#8343 ("can't pickle _thread.lock objects",
joblib / scikit-learn) and keras-team/keras#10528 (a pickled KerasClassifier) hit the same wall;
keras-team/keras#12420 gets it from `copy.deepcopy`.

A tiny compiled functional model, trained one step. Variants: pickle.dumps/loads as written;
copy.deepcopy (demo); the fix the thread gives, model.save + load_model (.h5, every version).
"""

CASE = {
    "title": "pickle.dumps(model) / copy.deepcopy(model): can't pickle _thread.RLock objects",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/14180",
                        "https://github.com/tensorflow/tensorflow/issues/34697",
                        "https://github.com/keras-team/keras/issues/8343",
                        "https://github.com/keras-team/keras/issues/10528",
                        "https://github.com/keras-team/keras/issues/12420"],
               "title": "TypeError: cannot pickle '_thread.RLock' object",
               "frequency": {"reports": 6, "reactions": 3, "as_of": "2026-12-06",
                             "how": "issues search \"can't pickle _thread.RLock objects\" keras model / "
                                    "\"cannot pickle '_thread.RLock' object\": keras#14180 (3 'same issue' "
                                    "comments), tf#34697, keras#8343, keras#10528, keras#12420, tf#11157"}},
    "variants": {
        "pickle_as_written": {
            "role": "broken",
            "title": "pickle.loads(pickle.dumps(model)), predict",
            "claim": {"text": "TypeError: cannot pickle '_thread.RLock' object (Python 3.7: can't pickle "
                              "_thread.RLock objects)",
                      "versions": "tf.keras (TF 2.3, keras#14180; TF 2.7 dev, tf#34697)",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "TypeError",
                                 "message": "pickle.*_thread\\.R?[Ll]ock"}},
        },
        "deepcopy": {
            "role": "demo",
            "title": "copy.deepcopy(model), predict",
        },
        "save_load_fix": {
            "role": "fix",
            "title": "model.save('model.h5') + load_model instead of pickle, predict",
            "claim": {"text": "you can save and load keras models without using pickle",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
    },
}


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3) / 6.0


def _model(ctx):
    import numpy as np
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2)(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="mse")
    model.fit(_x(), np.ones((2, 2), "float32"), epochs=1, batch_size=2, verbose=0)
    return model


def _compare(ctx, model, other):
    import numpy as np
    same = np.allclose(model.predict(_x()), other.predict(_x()), atol=1e-6)
    ctx.observe("same_prediction", bool(same))


def pickle_as_written(ctx):
    import pickle
    model = _model(ctx)
    with ctx.subject("pickle.dumps(model) + pickle.loads"):
        data = pickle.dumps(model)
        ctx.observe("pickled", True)
        _compare(ctx, model, pickle.loads(data))


def deepcopy(ctx):
    import copy
    model = _model(ctx)
    with ctx.subject("copy.deepcopy(model)"):
        _compare(ctx, model, copy.deepcopy(model))


def save_load_fix(ctx):
    keras = ctx.keras
    model = _model(ctx)
    with ctx.subject("model.save('model.h5') + load_model"):
        model.save("model.h5")
        _compare(ctx, model, keras.models.load_model("model.h5"))
