"""Seed 004: does tf.gather(validate_indices=True) inside a layer lose `_keras_history`
and the gradient?

The article claims validate_indices=True "bypasses tracing", so the layer's
output loses `_keras_history` and its gradient is None, while
validate_indices=False keeps both. Its Example 3 computes the layer output
*before* opening the GradientTape and differentiates with respect to a
tf.constant the tape never watched: that gives None for both flags, whatever
the flag does. The `tape_used_correctly` variants fix only that.
"""

CASE = {
    "title": "tf.gather(validate_indices=...) inside a custom layer",
    "source": {"kind": "seed", "doc": "004_7af12acc91d5456a.txt",
               "title": "Why is a TensorFlow EagerTensor object missing the '_keras_history' "
                        "attribute when using gather with validate_indices?",
               "frequency": {"reports": 3,
                             "as_of": "2026-12-06",
                             "how": "issues search 'tf.gather validate_indices gradient None custom layer "
                                    "keras': tensorflow#27526 and #24216 (gradient through gather is "
                                    "None) and tensorflow#8646 (validate_indices behaviour docs, from "
                                    "#3638); no thread links validate_indices to _keras_history or to a "
                                    "lost gradient (tf#5342, #50075 are other gather-gradient bugs, not "
                                    "counted)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "ex1_validate_true_hasattr": {
            "example": 1, "role": "broken",
            "title": "hasattr(_keras_history) before/after a gather layer, validate_indices=True",
            "claim": {"text": "the input tensor has _keras_history, the layer output does not",
                      "expect": {"outcome": "ok",
                                 "observed": {"input_has_history": True, "output_has_history": False}}},
        },
        "ex2_validate_false_hasattr": {
            "example": 2, "role": "fix",
            "title": "hasattr(_keras_history) before/after a gather layer, validate_indices=False",
            "claim": {"text": "with validate_indices=False both tensors keep _keras_history",
                      "expect": {"outcome": "ok",
                                 "observed": {"input_has_history": True, "output_has_history": True}}},
        },
        "ex3_tape_as_written": {
            "example": 3, "role": "broken",
            "title": "gradients as the article computes them (layer applied before the tape opens)",
            "grads": ["grad_2"],
            "claim": {"text": "grad_1 (validate_indices=True) is None; grad_2 (False) is computed",
                      "expect": {"grads": {"grad_1": "none", "grad_2": "ok"}}},
        },
        "ex3_tape_used_correctly": {
            "example": 3, "role": "corrected",
            "title": "the same comparison with the input watched and the layer run inside the tape",
            "grads": ["grad_1", "grad_2"],
            "claim": {"text": "grad_1 (validate_indices=True) is None; grad_2 (False) is computed",
                      "expect": {"grads": {"grad_1": "none", "grad_2": "ok"}}},
        },
    },
}


def _gather_layer(ctx, validate):
    tf, keras = ctx.tf, ctx.keras

    class DummyLayer(keras.layers.Layer):
        def call(self, inputs):
            indices = tf.constant([0])
            return tf.gather(inputs, indices, validate_indices=validate)

    return DummyLayer()


def _hasattr_example(ctx, validate):
    import numpy as np
    tf = ctx.tf
    test_tensor = tf.constant(np.random.rand(5, 10), dtype=tf.float32)
    output_tensor = _gather_layer(ctx, validate)(test_tensor)
    ctx.observe("input_has_history", hasattr(test_tensor, "_keras_history"))
    ctx.observe("output_has_history", hasattr(output_tensor, "_keras_history"))


def ex1_validate_true_hasattr(ctx):
    _hasattr_example(ctx, True)


def ex2_validate_false_hasattr(ctx):
    _hasattr_example(ctx, False)


def ex3_tape_as_written(ctx):
    import numpy as np
    tf = ctx.tf
    test_tensor_3 = tf.constant(np.random.rand(5, 10), dtype=tf.float32)
    output_tensor_3 = _gather_layer(ctx, True)(test_tensor_3)
    test_tensor_4 = tf.constant(np.random.rand(5, 10), dtype=tf.float32)
    output_tensor_4 = _gather_layer(ctx, False)(test_tensor_4)
    with tf.GradientTape() as tape:
        loss_1 = tf.reduce_sum(output_tensor_3)
    ctx.grad("grad_1", tape.gradient(loss_1, test_tensor_3))
    with tf.GradientTape() as tape:
        loss_2 = tf.reduce_sum(output_tensor_4)
    ctx.grad("grad_2", tape.gradient(loss_2, test_tensor_4))


def ex3_tape_used_correctly(ctx):
    import numpy as np
    tf = ctx.tf
    for name, validate in (("grad_1", True), ("grad_2", False)):
        test_tensor = tf.constant(np.random.rand(5, 10), dtype=tf.float32)
        layer = _gather_layer(ctx, validate)
        with tf.GradientTape() as tape:
            tape.watch(test_tensor)
            loss = tf.reduce_sum(layer(test_tensor))
        ctx.grad(name, tape.gradient(loss, test_tensor))
