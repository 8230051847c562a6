"""Known root cause: Python iteration over a tensor (a `for` loop over the batch, or tuple
unpacking `a, b = y_pred`) inside a custom loss run by `fit()`. There the loss is traced into a
graph; the batch dimension is unknown and iterating over a symbolic tensor is refused.

tensorflow#37440 (TF 2.1 and 2.2): "OperatorNotAllowedInGraphError: iterating over `tf.Tensor`
is not allowed in Graph execution. Use Eager execution or decorate this function with
@tf.function." "when using a FOR loop over a Tensor dimension in a custom Keras loss in AutoGraph
mode. Notice that when running eagerly, the bug does not appear ... As expected, replacing the loop
with a call to tf.map_fn works correctly." tensorflow#51472 (a triplet loss whose network
output "is a tuple containing the distances"): "OperatorNotAllowedInGraphError: iterating over
`tf.Tensor` is not allowed: AutoGraph did convert this function. This might indicate you are
trying to use an unsupported feature." tensorflow#42119 (TF 2.3, a `for` over a tensor in
`train_step`), tensorflow#40768 (a custom layer iterating over its input), tensorflow#67323 (TF
2.9) and tensorflow#28732 (TF 1.12, "Tensor objects are only iterable when eager execution is
enabled") hit the same refusal.

Model: Input(3) -> Dense(2); the losses compute a per-sample squared error.
"""

CASE = {
    "title": "Iterating over a symbolic tensor in a custom loss inside fit(): for loop / unpacking y_pred",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/37440",
                        "https://github.com/tensorflow/tensorflow/issues/51472",
                        "https://github.com/tensorflow/tensorflow/issues/42119",
                        "https://github.com/tensorflow/tensorflow/issues/40768",
                        "https://github.com/tensorflow/tensorflow/issues/67323"],
               "title": "OperatorNotAllowedInGraphError: iterating over `tf.Tensor` is not allowed",
               "frequency": {"reports": 7, "as_of": "2026-12-06",
                             "how": "issues search 'iterating over tf.Tensor is not allowed in Graph "
                                    "execution custom loss for loop': tensorflow#28732, #37440, #40023, "
                                    "#40768, #42119, #51472, #67323"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "for_loop_over_batch_in_loss": {
            "role": "broken",
            "title": "loss: for yt, yp in zip(y_true, y_pred): per-sample error; tf.stack; compile + fit",
            "claim": {"text": "OperatorNotAllowedInGraphError: iterating over `tf.Tensor` is not allowed "
                              "in Graph execution (for loop over a tensor dimension in a Keras loss)",
                      "versions": "TF 2.1.0 and 2.2.0.dev (tensorflow#37440)",
                      "scope": {"tf": ">=2.1"},
                      "expect": {"error_type": "OperatorNotAllowedInGraphError",
                                 "message": "(?i)iterating over `?tf\\.Tensor`? is not allowed"}},
        },
        "unpack_y_pred_in_loss": {
            "role": "broken",
            "title": "triplet-style loss: ap_distance, an_distance = y_pred; compile + fit",
            "claim": {"text": "OperatorNotAllowedInGraphError: iterating over `tf.Tensor` is not allowed: "
                              "AutoGraph did convert this function",
                      "versions": "TF 2.x (tensorflow#51472, 2021)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "OperatorNotAllowedInGraphError",
                                 "message": "(?i)iterating over `?tf\\.Tensor`? is not allowed"}},
        },
        "map_fn_in_loss": {
            "role": "fix",
            "title": "the per-sample loop replaced by tf.map_fn over (y_true, y_pred); compile + fit",
            "claim": {"text": "replacing the loop with a call to tf.map_fn works correctly",
                      "versions": "TF 2.1 / 2.2 (tensorflow#37440)",
                      "scope": {"tf": ">=2.1"},
                      "expect": {"outcome": "ok"}},
        },
        "loop_run_eagerly": {
            "role": "fix",
            "title": "the for-loop loss with compile(..., run_eagerly=True)",
            "claim": {"text": "when running eagerly, the bug does not appear",
                      "versions": "TF 2.1 / 2.2 (tensorflow#37440)",
                      "scope": {"tf": ">=2.1"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _fit(ctx, loss, **compile_kwargs):
    import numpy as np
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2)(inputs)
    model = keras.models.Model(inputs, outputs)
    rng = np.random.RandomState(0)
    with ctx.subject("compile + fit"):
        model.compile(optimizer="sgd", loss=loss, **compile_kwargs)
        model.fit(rng.rand(4, 3).astype("float32"), rng.rand(4, 2).astype("float32"),
                  batch_size=4, epochs=1, verbose=0)


def _loop_loss(ctx):
    tf = ctx.tf

    def per_sample_loss(y_true, y_pred):
        losses = []
        for yt, yp in zip(y_true, y_pred):
            losses.append(tf.reduce_sum(tf.square(yt - yp)))
        return tf.stack(losses)

    return per_sample_loss


def for_loop_over_batch_in_loss(ctx):
    _fit(ctx, _loop_loss(ctx))


def unpack_y_pred_in_loss(ctx):
    tf = ctx.tf

    def triplet_loss(y_true, y_pred):
        # The output of the network is a tuple containing the distances
        ap_distance, an_distance = y_pred
        loss = ap_distance - an_distance
        return tf.maximum(loss + 1.0, 0.0)

    _fit(ctx, triplet_loss)


def map_fn_in_loss(ctx):
    tf = ctx.tf

    def per_sample_loss(y_true, y_pred):
        return tf.map_fn(lambda pair: tf.reduce_sum(tf.square(pair[0] - pair[1])),
                         (y_true, y_pred), dtype=tf.float32)

    _fit(ctx, per_sample_loss)


def loop_run_eagerly(ctx):
    if not ctx.eager:
        ctx.skip("run_eagerly needs TF 2 eager execution")
    _fit(ctx, _loop_loss(ctx), run_eagerly=True)
