"""Known root cause: graph-mode `K.gradients` + `K.function` code (Grad-CAM, filter
visualisation, style transfer) run under TensorFlow 2's eager execution.

"Deep Learning with Python" (1st ed., notebook 5.4) and the Grad-CAM recipes compute
`grads = K.gradients(loss, model.input)[0]` on symbolic tensors and evaluate them with
`K.function([model.input], [loss, grads])`. Under TF 2 users get
"RuntimeError: tf.gradients is not supported when eager execution is enabled. Use
tf.GradientTape instead." (tensorflow#33135 and #44813, TF 2.0-2.3;
titu1994/Neural-Style-Transfer#69). The workaround given in
fchollet/deep-learning-with-python-notebooks#143 and titu1994#69 is
`tf.compat.v1.disable_eager_execution()` before building the model; the maintainers'
answer in tensorflow#33135 is a `tf.GradientTape` over a model returning the
intermediate activation (`corrected`).
"""

CASE = {
    "title": "K.gradients + K.function on a model's symbolic tensors under TF 2 eager",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/33135",
                        "https://github.com/tensorflow/tensorflow/issues/44813",
                        "https://github.com/titu1994/Neural-Style-Transfer/issues/69",
                        "https://github.com/fchollet/deep-learning-with-python-notebooks/issues/143"],
               "title": "RuntimeError: tf.gradients is not supported when eager execution is enabled",
               "frequency": {"reports": 16,
                             "reactions": 5,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'RuntimeError: tf.gradients is not supported when "
                                    "eager execution is enabled ... K.gradients' and 'K.gradients "
                                    "grad-cam tensorflow 2 eager disable_eager_execution': 16 threads in "
                                    "11 repos (tensorflow x5, deep-learning-with-python-notebooks x2, "
                                    "Neural-Style-Transfer, grad-cam-text, eli5, innvestigate, keract, "
                                    "artistic-style-transfer, overcoming-catastrophic, rstudio x2), 5 "
                                    "'same here' comments"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "k_gradients_as_written": {
            "role": "broken",
            "title": "loss = K.mean(conv.output[..., 0]); K.gradients(loss, model.input); K.function",
            "claim": {"text": "K.gradients raises RuntimeError: tf.gradients is not supported when "
                              "eager execution is enabled. Use tf.GradientTape instead.",
                      "versions": "TensorFlow 2.0-2.3 (tensorflow#33135, #44813; titu1994#69)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "RuntimeError",
                                 "message": "tf.gradients is not supported when eager execution is enabled"}},
        },
        "disable_eager_execution": {
            "role": "fix",
            "title": "the same code after tf.compat.v1.disable_eager_execution()",
            "claim": {"text": "adding tf.compat.v1.disable_eager_execution() before K.gradients fixes it",
                      "versions": "TensorFlow 2.x (deep-learning-with-python-notebooks#143, titu1994#69)",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok", "observed": {"grads_nonzero": True}}},
        },
        "gradient_tape": {
            "role": "corrected",
            "title": "tf.GradientTape over Model(inputs, [conv.output, output])",
            "grads": ["conv_output"],
            "claim": {"text": "the GradientTape version computes the gradient of the class score "
                              "with respect to the conv activation",
                      "versions": "TensorFlow 2.0 (tensorflow#33135)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "grads": {"conv_output": "ok"}}},
        },
    },
}


def _model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((8, 8, 1), name="model_input")
    conv = keras.layers.Conv2D(2, 3, padding="same", activation="relu", name="last_conv",
                               kernel_initializer="ones", bias_initializer="ones")(inputs)
    flat = keras.layers.Flatten()(conv)
    outputs = keras.layers.Dense(3, activation="softmax")(flat)
    return keras.models.Model(inputs, outputs)


def _image():
    import numpy as np
    return np.random.RandomState(0).rand(1, 8, 8, 1).astype("float32")


def _k_gradients(ctx):
    import numpy as np
    K = ctx.keras.backend
    if not hasattr(K, "gradients"):
        ctx.skip("this Keras has no keras.backend.gradients")
    model = _model(ctx)
    with ctx.subject("K.gradients + K.function"):
        layer_output = model.get_layer("last_conv").output
        loss = K.mean(layer_output[:, :, :, 0])
        grads = K.gradients(loss, model.input)[0]
        grads /= (K.sqrt(K.mean(K.square(grads))) + 1e-5)
        iterate = K.function([model.input], [loss, grads])
        loss_value, grads_value = iterate([_image()])
    ctx.observe("grads_nonzero", bool(np.any(grads_value)))


def k_gradients_as_written(ctx):
    _k_gradients(ctx)


def disable_eager_execution(ctx):
    tf = ctx.tf
    if not hasattr(tf.compat.v1, "disable_eager_execution"):
        ctx.skip("no tf.compat.v1.disable_eager_execution")
    K = ctx.keras.backend
    if not hasattr(K, "gradients"):
        ctx.skip("this Keras has no keras.backend.gradients")
    tf.compat.v1.disable_eager_execution()
    _k_gradients(ctx)


def gradient_tape(ctx):
    tf, keras = ctx.tf, ctx.keras
    model = _model(ctx)
    grad_model = keras.models.Model(model.inputs, [model.get_layer("last_conv").output, model.output])
    image = tf.constant(_image())
    with ctx.subject("GradientTape"):
        with tf.GradientTape() as tape:
            conv_output, predictions = grad_model(image)
            class_score = predictions[:, 0]
        grads = tape.gradient(class_score, conv_output)
    ctx.grad("conv_output", grads)
