"""Known reports: the TF 1.x / Keras 2.2 serving recipe `graph = tf.get_default_graph()` at
start-up and `with graph.as_default(): model.predict(x)` in each request, run on TensorFlow 2:
"AttributeError: module 'tensorflow' has no attribute 'get_default_graph'".

Flask and Django deployment code written for Keras 2.2 keeps the graph the model was loaded in:
shubhi/car-damage-assessment#3 (`graph = tf.get_default_graph()` in pipeline.py; answers:
"Try with this one: tf.compat.v1.get_default_graph()"), Vipoooool/Keras-Model-Deployment-Using-Django#1
("Use: tf.compat.v1.get_default_graph instead of tf.get_default_graph()"),
ialhashim/DenseDepth#120 (`graph = tf.get_default_graph()` in demo.py, fixed for TF 2.x),
llSourcell/AI_Startup_Prototype#20, otaha178/Emotion-recognition#51, AntonMu/TrainYourOwnYOLO#66,
tensorflow/tensorflow#30742 and #30978 ("This error is coming after upgrading tensorflow to 2.0").

Each variant builds a small model at "start-up", then predicts the way the recipe does.
"""

CASE = {
    "title": "graph = tf.get_default_graph(); with graph.as_default(): model.predict (serving recipe) on TF 2",
    "source": {"kind": "known",
               "refs": ["https://github.com/shubhi/car-damage-assessment/issues/3",
                        "https://github.com/Vipoooool/Keras-Model-Deployment-Using-Django/issues/1",
                        "https://github.com/ialhashim/DenseDepth/pull/120",
                        "https://github.com/llSourcell/AI_Startup_Prototype/issues/20",
                        "https://github.com/tensorflow/tensorflow/issues/30978"],
               "title": "AttributeError: module 'tensorflow' has no attribute 'get_default_graph'",
               "frequency": {"reports": 12,
                             "reactions": 2,
                             "as_of": "2026-12-06",
                             "how": "issues search \"module 'tensorflow' has no attribute 'get_default_graph'\": "
                                    "12 threads in 11 repos (user code and Keras 2.2 on TF 2); reactions = "
                                    "follow-up comments asking for the fix in car-damage-assessment#3"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "get_default_graph_as_written": {
            "role": "broken",
            "title": "graph = tf.get_default_graph(); with graph.as_default(): model.predict(x)",
            "claim": {"text": "AttributeError: module 'tensorflow' has no attribute 'get_default_graph'",
                      "versions": "after upgrading to TensorFlow 2.0 (tensorflow#30978)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'get_default_graph'"}},
        },
        "compat_v1_get_default_graph": {
            "role": "fix",
            "title": "graph = tf.compat.v1.get_default_graph(); with graph.as_default(): model.predict(x)",
            "claim": {"text": "use tf.compat.v1.get_default_graph() instead of tf.get_default_graph()",
                      "versions": "TF 2 (car-damage-assessment#3, Keras-Model-Deployment-Using-Django#1)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "observed": {"prediction_shape": [2, 2]}}},
        },
        "predict_without_graph": {
            "role": "corrected",
            "title": "no graph: model.predict(x) in the request",
        },
    },
}


def _startup_model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2, activation="softmax")(inputs)
    return keras.models.Model(inputs, outputs)


def _x():
    import numpy as np
    return np.ones((2, 3), dtype="float32")


def get_default_graph_as_written(ctx):
    tf = ctx.tf
    model = _startup_model(ctx)
    with ctx.subject("tf.get_default_graph + predict in it"):
        graph = tf.get_default_graph()
        with graph.as_default():
            prediction = model.predict(_x())
    ctx.observe("prediction_shape", list(prediction.shape))


def compat_v1_get_default_graph(ctx):
    tf = ctx.tf
    model = _startup_model(ctx)
    with ctx.subject("tf.compat.v1.get_default_graph + predict in it"):
        graph = tf.compat.v1.get_default_graph()
        with graph.as_default():
            prediction = model.predict(_x())
    ctx.observe("prediction_shape", list(prediction.shape))


def predict_without_graph(ctx):
    model = _startup_model(ctx)
    with ctx.subject("model.predict"):
        prediction = model.predict(_x())
    ctx.observe("prediction_shape", list(prediction.shape))
