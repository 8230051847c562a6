"""Known reports: compiling a Hugging Face transformers TF model (a tf_keras / Keras 2 model)
with `tf.keras.optimizers.Adam` on TF >= 2.16, where tf.keras is Keras 3:
"ValueError: Could not interpret optimizer identifier: <keras.src.optimizers.adam.Adam ...>".

rohan-paul/LLM-FineTuning-Large-Language-Models#4 (Colab, 2024):
`TFAutoModelForSequenceClassification.from_pretrained(...)` then
`model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=5e-5),
loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
metrics=tf.metrics.SparseCategoricalAccuracy())` raises that ValueError; the same in
keras-team/keras#19262, tensorflow/tensorflow#64250, and keras-team/keras#21666 (tf_keras
2.20.1, with the model's own loss and metrics=['accuracy']: only the optimizer is Keras 3).
The fix the threads converge on: install tf-keras and set TF_USE_LEGACY_KERAS=1 so that
`tf.keras` *is* tf_keras (huggingface/hub-docs#1712: "The solution is to set the
TF_USE_LEGACY_KERAS environment variable to 1"; amaiya/ktrain#529). Passing the optimizer as
a string is the older workaround for a Keras/tf.keras optimizer mismatch
(shenweichen/DeepCTR#486: `model.compile("adam", ...)` "# success").

No download: transformers' TF models subclass tf_keras.Model when tf_keras is installed; the
stand-in is a small tf_keras functional classifier (logits for 2 classes). The environment
variable cannot be changed after TensorFlow is imported, so the fix variant writes what it
gives: the optimizer, loss and metric from tf_keras. Every variant needs tf_keras.
"""

CASE = {
    "title": "A tf_keras (transformers) model compiled with Keras 3's tf.keras.optimizers.Adam",
    "source": {"kind": "known",
               "refs": ["https://github.com/rohan-paul/LLM-FineTuning-Large-Language-Models/issues/4",
                        "https://github.com/keras-team/keras/issues/19262",
                        "https://github.com/tensorflow/tensorflow/issues/64250",
                        "https://github.com/keras-team/keras/issues/21666",
                        "https://github.com/huggingface/hub-docs/issues/1712",
                        "https://github.com/amaiya/ktrain/issues/529",
                        "https://github.com/shenweichen/DeepCTR/issues/486"],
               "title": "ValueError: Could not interpret optimizer identifier: "
                        "<keras.src.optimizers.adam.Adam object>",
               "frequency": {"reports": 11,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues search 'Could not interpret optimizer identifier "
                                    "keras.src.optimizers.adam.Adam transformers TFAutoModel compile': 8 "
                                    "Keras-3-era threads (keras#19262 #21666, tensorflow#64250, "
                                    "keras-rl#396, ktrain#529, hub-docs#1712, LLM-FineTuning#4, "
                                    "practical-ml-vision-book#14) + 3 older keras/tf.keras optimizer "
                                    "mix-ups (DeepCTR#486, runai#31 and one more), 1 'same issue' comment"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "compile_as_written": {
            "role": "broken",
            "title": "tf_keras model .compile(optimizer=tf.keras.optimizers.Adam(5e-5), "
                     "loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), "
                     "metrics=tf.metrics.SparseCategoricalAccuracy())",
            "claim": {"text": "ValueError: Could not interpret optimizer identifier: "
                              "<keras.src.optimizers.adam.Adam object>",
                      "versions": "TF 2.16+ where tf.keras is Keras 3 and the model is tf_keras",
                      "scope": {"tf": ">=2.16", "flavour": "keras3", "also": "tf_keras"},
                      "expect": {"error_type": "ValueError",
                                 "message": "Could not interpret optimizer identifier"}},
        },
        "compile_keras_21666": {
            "role": "broken",
            "title": "keras-team/keras#21666 (tf_keras 2.20.1): compile(optimizer=Adam(lr) from "
                     "tensorflow.keras, loss=the model's own (tf_keras) loss, metrics=['accuracy'])",
            "claim": {"text": "ValueError: Could not interpret optimizer identifier: "
                              "<keras.src.optimizers.adam.Adam object>",
                      "versions": "tf_keras 2.20.1, Python 3.13",
                      "scope": {"tf": ">=2.16", "flavour": "keras3", "also": "tf_keras"},
                      "expect": {"error_type": "ValueError",
                                 "message": "Could not interpret optimizer identifier"}},
        },
        "legacy_keras_objects": {
            "role": "fix",
            "title": "what TF_USE_LEGACY_KERAS=1 gives: optimizer, loss and metric from tf_keras; "
                     "compile + fit",
            "claim": {"text": "with TF_USE_LEGACY_KERAS=1 (tf.keras = tf_keras) the model compiles "
                              "and trains",
                      "expect": {"outcome": "ok"}},
        },
        "optimizer_string": {
            "role": "fix",
            "title": "compile(optimizer='adam', the same tf.keras loss and metric objects), fit",
            "claim": {"text": "passing the optimizer as a string compiles (success)",
                      "versions": "DeepCTR#486: TF 2.9 keras / tf.keras optimizer mismatch",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _tf_keras(ctx):
    try:
        import tf_keras
    except ImportError as exc:
        ctx.skip("tf_keras (what transformers' TF models are built on) does not import here: %s" % exc)
    return tf_keras


def _hf_like_model(tf_keras):
    """Stands for TFAutoModelForSequenceClassification(num_labels=2): a tf_keras model -> logits."""
    inputs = tf_keras.layers.Input((6,), name="input_ids")
    hidden = tf_keras.layers.Dense(8, activation="relu")(inputs)
    logits = tf_keras.layers.Dense(2, name="logits")(hidden)
    return tf_keras.Model(inputs, logits)


def _fit(model):
    import numpy as np
    rng = np.random.RandomState(0)
    model.fit(rng.rand(8, 6).astype("float32"), rng.randint(0, 2, size=(8,)), epochs=1, verbose=0)


def compile_as_written(ctx):
    tf = ctx.tf
    tf_keras = _tf_keras(ctx)
    model = _hf_like_model(tf_keras)
    metrics_module = getattr(tf, "metrics", None) or tf.keras.metrics
    with ctx.subject("model.compile + fit"):
        model.compile(
            optimizer=tf.keras.optimizers.Adam(learning_rate=5e-5),
            loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=metrics_module.SparseCategoricalAccuracy(),
        )
        _fit(model)


def compile_keras_21666(ctx):
    tf = ctx.tf
    tf_keras = _tf_keras(ctx)
    model = _hf_like_model(tf_keras)
    Adam = tf.keras.optimizers.Adam  # `from tensorflow.keras.optimizers import Adam`
    # transformers' hf_compute_loss is the model's own (tf_keras) loss
    hf_compute_loss = tf_keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    with ctx.subject("model.compile + fit"):
        model.compile(optimizer=Adam(learning_rate=5e-5), loss=hf_compute_loss, metrics=['accuracy'])
        _fit(model)


def legacy_keras_objects(ctx):
    tf_keras = _tf_keras(ctx)
    model = _hf_like_model(tf_keras)
    with ctx.subject("model.compile + fit"):
        model.compile(
            optimizer=tf_keras.optimizers.Adam(learning_rate=5e-5),
            loss=tf_keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=tf_keras.metrics.SparseCategoricalAccuracy(),
        )
        _fit(model)


def optimizer_string(ctx):
    tf = ctx.tf
    tf_keras = _tf_keras(ctx)
    model = _hf_like_model(tf_keras)
    metrics_module = getattr(tf, "metrics", None) or tf.keras.metrics
    with ctx.subject("model.compile + fit"):
        model.compile(
            optimizer="adam",
            loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
            metrics=metrics_module.SparseCategoricalAccuracy(),
        )
        _fit(model)
