"""Known root cause: a custom loss that creates a variable (`K.variable(weights)`,
`tf.Variable(...)`) each time it is called, run by `model.fit()`.

In TensorFlow 2, `fit()` traces the training step with `tf.function`; a function that
creates a `tf.Variable` on a call other than the first fails. The Attention-Res-UNet
report (dhirajmaji7/...#1) shows a weighted log loss doing `weights = K.variable(weights)`
inside the loss and `model.fit()` raising "ValueError: tf.function only supports
singleton tf.Variables created on the first call. Make sure the tf.Variable is only
created once or created outside tf.function." (keras 2.x in the traceback);
tensorflow#26812 reports the older wording "tf.function-decorated function tried to
create variables on non-first call." for a `tf.Variable` created in a `@tf.function`.
The error's own advice - create the variable once, outside the function - is the fix.
In standalone Keras on TF 1.x the loss is called once, at compile time, in graph mode.
"""

CASE = {
    "title": "custom loss creating K.variable / tf.Variable on each call, inside fit()",
    "source": {"kind": "known",
               "refs": ["https://github.com/dhirajmaji7/Attention-Res-UNet-with-Guided-Decoder-for-Semantic-Segmentation-of-Brain-tumors/issues/1",
                        "https://github.com/tensorflow/tensorflow/issues/26812",
                        "https://github.com/tranleanh/edn-gtm/issues/7"],
               "title": "ValueError: tf.function only supports singleton tf.Variables created on the first call",
               "frequency": {"reports": 7,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues search 'tf.function only supports singleton tf.Variables "
                                    "created on the first call custom loss K.variable model.fit': 7 "
                                    "threads (tensorflow #26812 #27120 #40229, Attention-Res-UNet#1, "
                                    "edn-gtm#7, LSTM-model-stock-price#4, "
                                    "Attention-Based-Aspect-Extraction#21), 1 'same error' comment"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "k_variable_in_loss_as_written": {
            "role": "broken",
            "title": "weighted_log_loss doing weights = K.variable(weights) inside the loss; fit",
            "claim": {"text": "model.fit() raises ValueError: tf.function only supports singleton "
                              "tf.Variables created on the first call",
                      "versions": "TensorFlow 2 with keras 2.x (Attention-Res-UNet issue #1, 2022)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "ValueError",
                                 "message": "singleton tf.Variables created on the first call|"
                                            "tried to create variables on non-first call"}},
        },
        "tf_variable_in_loss": {
            "role": "root_cause",
            "title": "the same loss with tf.Variable(weights) inside it; fit",
            "claim": {"text": "a function traced by tf.function that creates a tf.Variable raises "
                              "ValueError ('tried to create variables on non-first call')",
                      "versions": "TF 2.0 preview (tensorflow#26812)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "ValueError",
                                 "message": "singleton tf.Variables created on the first call|"
                                            "tried to create variables on non-first call"}},
        },
        "variable_created_once": {
            "role": "fix",
            "title": "the weights variable created once, outside the loss, captured by it; fit",
            "claim": {"text": "make sure the tf.Variable is only created once or created outside "
                              "tf.function: then fit trains",
                      "versions": "the error message's own advice",
                      "expect": {"outcome": "ok"}},
        },
    },
}

WEIGHTS = [1.0, 5.0, 10.0]


def _fit(ctx, loss):
    import numpy as np
    keras = ctx.keras
    rng = np.random.RandomState(0)
    x = rng.rand(8, 4).astype("float32")
    y = np.eye(3, dtype="float32")[rng.randint(0, 3, size=8)]
    inputs = keras.layers.Input((4,))
    outputs = keras.layers.Dense(3, activation="softmax")(inputs)
    model = keras.models.Model(inputs, outputs)
    with ctx.subject("compile + fit"):
        model.compile(optimizer="adam", loss=loss)
        model.fit(x, y, epochs=1, batch_size=4, verbose=0)


def _weighted_log_loss(K, make_weights):
    def weighted_log_loss(y_true, y_pred):
        weights = make_weights()
        # scale predictions so that the class probas of each sample sum to 1
        y_pred /= K.sum(y_pred, axis=-1, keepdims=True)
        # clip to prevent NaN's and Inf's
        y_pred = K.clip(y_pred, K.epsilon(), 1 - K.epsilon())
        # calc
        loss = y_true * K.log(y_pred) * weights
        loss = -K.sum(loss, -1)
        return loss
    return weighted_log_loss


def k_variable_in_loss_as_written(ctx):
    import numpy as np
    K = ctx.keras.backend
    if not hasattr(K, "variable"):
        ctx.skip("this Keras has no keras.backend.variable")
    _fit(ctx, _weighted_log_loss(K, lambda: K.variable(np.array(WEIGHTS, dtype="float32"))))


def tf_variable_in_loss(ctx):
    import numpy as np
    tf = ctx.tf
    K = ctx.keras.backend
    if not hasattr(K, "clip"):
        ctx.skip("this Keras has no keras.backend.clip")
    _fit(ctx, _weighted_log_loss(K, lambda: tf.Variable(np.array(WEIGHTS, dtype="float32"))))


def variable_created_once(ctx):
    import numpy as np
    tf = ctx.tf
    K = ctx.keras.backend
    if not hasattr(K, "clip"):
        ctx.skip("this Keras has no keras.backend.clip")
    weights = tf.Variable(np.array(WEIGHTS, dtype="float32"), trainable=False)
    _fit(ctx, _weighted_log_loss(K, lambda: weights))
