"""Known root cause: a loss that finds its layer through `y_pred._keras_history`, the
keras-contrib `crf_loss` / `crf_nll` pattern, run by `model.fit()`.

keras-contrib's CRF losses start with `crf, idx = y_pred._keras_history[:2]` and then
read `crf._inbound_nodes[idx].input_tensors[0]` (keras_contrib/losses/crf_losses.py).
That works where the loss is called once, at compile time, on the model's own symbolic
output (standalone Keras 2.x graph mode). Users moving to TensorFlow 2 report that
`model.fit()` fails in the training function with
"AttributeError: 'Tensor' object has no attribute '_keras_history'" (keras-contrib#554,
#561 with tf.keras; huanghao128/zh-nlp-demo#3 with keras 2.4.3, whose traceback points
at `crf_losses.py:54 crf_loss  * crf, idx = y_pred._keras_history[:2]` inside
`train_function`). The workaround given in keras-contrib#559 is TensorFlow 2.2 with
`tf.compat.v1.disable_v2_behavior()`. The case rebuilds the loss with a tiny CRF-like
layer (a Dense scorer with `learn_mode`, `sparse_target` and
`get_negative_log_likelihood(y_true, X, mask)`): keras-contrib itself is not installed
in the rows. `loss_without_keras_history` is our corrected version: the same
negative log-likelihood with the layer passed by closure and its input X concatenated to
the model output, so nothing reads Keras' graph bookkeeping.
"""

CASE = {
    "title": "keras-contrib crf_loss pattern: a loss reading y_pred._keras_history inside fit()",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras-contrib/issues/554",
                        "https://github.com/keras-team/keras-contrib/issues/561",
                        "https://github.com/keras-team/keras-contrib/issues/559",
                        "https://github.com/huanghao128/zh-nlp-demo/issues/3",
                        "https://github.com/keras-team/keras-contrib/blob/master/keras_contrib/losses/crf_losses.py"],
               "title": "AttributeError: 'Tensor' object has no attribute '_keras_history' (CRF loss in fit)",
               "frequency": {"reports": 9,
                             "reactions": 2,
                             "as_of": "2026-12-06",
                             "how": "issues searches \"'Tensor' object has no attribute '_keras_history' "
                                    "crf_loss\" and 'keras_contrib CRF crf_loss tensorflow 2 model.fit': 9 "
                                    "threads where a loss/metric/Lambda reads y_pred._keras_history under "
                                    "tf.keras (keras-contrib #554 #561, keras#14464, tf_crf_layer#5, "
                                    "zh-nlp-demo#3, CCKS2019-NER#4, zh-NER-keras#29, bert4keras x2 via "
                                    "search_layer), 2 'same here' comments; pages: none"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "crf_loss_as_written": {
            "role": "broken",
            "title": "compile(loss=crf_loss) where crf_loss reads y_pred._keras_history; fit one epoch",
            "claim": {"text": "model.fit() raises AttributeError: 'Tensor' object has no attribute "
                              "'_keras_history' from `crf, idx = y_pred._keras_history[:2]`",
                      "versions": "TensorFlow 2.x with tf.keras / keras 2.4.3 (keras-contrib#554, #561; "
                                  "zh-nlp-demo#3)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "keras_history_error"}},
        },
        "disable_v2_behavior": {
            "role": "fix",
            "title": "the same code after tf.compat.v1.disable_v2_behavior()",
            "claim": {"text": "with TensorFlow 2.2 and tf.compat.v1.disable_v2_behavior() the CRF model "
                              "compiles and trains",
                      "versions": "TensorFlow 2.2.0 (keras-contrib#559, IS5882's workaround)",
                      "scope": {"tf": ">=2.2,<2.3", "flavour": "tf.keras"},
                      "expect": {"outcome": "ok"}},
        },
        "loss_without_keras_history": {
            "role": "corrected",
            "title": "the same NLL, layer bound by closure, X concatenated to the model output",
            "claim": {"text": "a loss that does not read Keras graph metadata trains in every version",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _crf_like_layer(ctx):
    tf, keras = ctx.tf, ctx.keras
    K = keras.backend

    class CRFLike(keras.layers.Layer):
        """Stands in for keras_contrib.layers.CRF: a scorer whose loss needs its input X."""

        def __init__(self, units, learn_mode="join", sparse_target=False, **kwargs):
            super(CRFLike, self).__init__(**kwargs)
            self.units = units
            self.learn_mode = learn_mode
            self.sparse_target = sparse_target

        def build(self, input_shape):
            self.kernel = self.add_weight(name="kernel", shape=(int(input_shape[-1]), self.units),
                                          initializer="glorot_uniform", trainable=True)
            super(CRFLike, self).build(input_shape)

        def call(self, inputs, mask=None):
            return K.softmax(K.dot(inputs, self.kernel))

        def compute_output_shape(self, input_shape):
            return (input_shape[0], self.units)

        def get_negative_log_likelihood(self, y_true, X, mask):
            logits = K.dot(X, self.kernel)
            log_norm = tf.reduce_logsumexp(logits, axis=-1)
            return log_norm - K.sum(y_true * logits, axis=-1)

    return CRFLike


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    x = rng.rand(8, 4).astype("float32")
    y = np.eye(3, dtype="float32")[rng.randint(0, 3, size=8)]
    return x, y


def _crf_losses(ctx):
    """keras_contrib.losses.crf_nll / crf_loss, as published."""
    K = ctx.keras.backend
    losses = ctx.keras.losses

    def crf_nll(y_true, y_pred):
        crf, idx = y_pred._keras_history[:2]
        if crf._outbound_nodes:
            raise TypeError('When learn_model="join", CRF must be the last layer.')
        if crf.sparse_target:
            y_true = K.one_hot(K.cast(y_true[:, :, 0], 'int32'), crf.units)
        X = crf._inbound_nodes[idx].input_tensors[0]
        mask = crf._inbound_nodes[idx].input_masks[0]
        nloglik = crf.get_negative_log_likelihood(y_true, X, mask)
        return nloglik

    def crf_loss(y_true, y_pred):
        crf, idx = y_pred._keras_history[:2]
        ctx.observe("found_keras_history", True)   # tells the two AttributeErrors apart
        if crf.learn_mode == 'join':
            return crf_nll(y_true, y_pred)
        else:
            if crf.sparse_target:
                return losses.sparse_categorical_crossentropy(y_true, y_pred)
            else:
                return losses.categorical_crossentropy(y_true, y_pred)

    return crf_loss


def _build_and_fit(ctx):
    keras = ctx.keras
    CRFLike = _crf_like_layer(ctx)
    crf_loss = _crf_losses(ctx)
    inputs = keras.layers.Input((4,))
    hidden = keras.layers.Dense(5, activation="tanh")(inputs)
    outputs = CRFLike(3)(hidden)
    model = keras.models.Model(inputs, outputs)
    x, y = _data()
    with ctx.subject("compile + fit"):
        model.compile(optimizer="sgd", loss=crf_loss)
        model.fit(x, y, epochs=1, batch_size=8, verbose=0)


def crf_loss_as_written(ctx):
    _build_and_fit(ctx)


def disable_v2_behavior(ctx):
    tf = ctx.tf
    with ctx.subject("disable_v2_behavior + build + fit"):
        tf.compat.v1.disable_v2_behavior()
        _build_and_fit(ctx)


def loss_without_keras_history(ctx):
    import numpy as np
    keras = ctx.keras
    CRFLike = _crf_like_layer(ctx)
    inputs = keras.layers.Input((4,))
    hidden = keras.layers.Dense(5, activation="tanh")(inputs)
    crf = CRFLike(3)
    outputs = crf(hidden)
    # The CRF's input X travels as part of the model output: y_pred = [crf output | X].
    joined = keras.layers.Concatenate()([outputs, hidden])
    model = keras.models.Model(inputs, joined)

    def make_crf_nll(layer):             # the layer by closure, not from y_pred's history
        def crf_nll(y_true, y_pred):
            return layer.get_negative_log_likelihood(y_true[:, :3], y_pred[:, 3:], None)
        return crf_nll

    x, y = _data()
    y_padded = np.concatenate([y, np.zeros((8, 5), dtype="float32")], axis=1)
    with ctx.subject("compile + fit"):
        model.compile(optimizer="sgd", loss=make_crf_nll(crf))
        model.fit(x, y_padded, epochs=1, batch_size=8, verbose=0)
