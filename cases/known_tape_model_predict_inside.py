"""Known root cause: `model.predict(x)` (or a NumPy round trip of the model output) inside a
`tf.GradientTape` in a custom training loop: predict returns a NumPy array, the tape cannot
differentiate through it, and every gradient comes back None.

tensorflow#20630 (eager execution guide, TF 1.9 eager): asimshankar explains that
"`tf.keras.Model.predict` returns a `numpy.ndarray`, not a `tf.Tensor`. And the TensorFlow
libraries cannot differentiate through numpy conversions or operations. So, if you change your
second example to use `model(x)` instead of `model.predict(x)`, it should work out fine"
(`error = model(x) - y  # NOT model.predict(x) - y`). tensorflow#36596 (TF 2.1), on None
gradients in a custom loop: "The error that I was committing - Converting the loss value and
the predictions from the model to numpy array. It is imperative that you don't convert them to
numpy arrays at any point in time before computing the gradients. In my case, I was using a
custom loss function which converted the predicted values to numpy arrays". A Q&A thread
("Tensorflow 2 doesn't compute gradients", VGG16 feature maps) computes
`predictions = model.predict(pic)` inside the tape and gets None; lululxvi/deepxde#177 points
at the same `model()` vs `model.predict()` distinction. tensorflow#38751 (TF 2.1) calls
`vgg16_model.predict(...)` under a `tf.GradientTape` and reports an error (may a bug under
gradientTape?); "Use `watch_accessed_variables=False` solved it".

Model: Input(3) -> Dense(2); the loss is the mean squared error against y. Gradient recorded:
`kernel` (it must be there).
"""

CASE = {
    "title": "model.predict() or a NumPy loss inside GradientTape in a custom training loop: None gradients",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/20630",
                        "https://github.com/tensorflow/tensorflow/issues/36596",
                        "https://isolution.pro/q/so69914111/tensorflow-2-wa-kobai-o-keisanshimasen",
                        "https://github.com/lululxvi/deepxde/issues/177",
                        "https://github.com/tensorflow/tensorflow/issues/38751"],
               "title": "GradientTape returns None gradients when the model is called with predict()",
               "frequency": {"reports": 5, "as_of": "2026-12-06",
                             "how": "issues + pages searches 'model.predict inside GradientTape gradients "
                                    "None', 'converted predictions to numpy custom loss gradient None': "
                                    "tensorflow#20630, #36596 (comment), deepxde#177 and one Q&A thread"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "predict_inside_tape_as_written": {
            "role": "broken",
            "title": "tensorflow#20630: with tape: error = model.predict(x) - y; loss = mean(square(error)); "
                     "tape.gradient(loss, model.trainable_variables)",
            "grads": ["kernel"],
            "claim": {"text": "model.predict returns a numpy.ndarray; TensorFlow cannot differentiate "
                              "through numpy conversions: the gradients are None",
                      "versions": "TF 1.9 eager (tensorflow#20630); TF 2.x Q&A thread",
                      "expect": {"outcome": "grad_dropped", "grads": {"kernel": "none"}}},
        },
        "numpy_loss_in_custom_loop": {
            "role": "root_cause",
            "title": "tensorflow#36596: custom loss converting the predictions to NumPy "
                     "(np.mean((model(x).numpy() - y) ** 2)) inside the tape",
            "grads": ["kernel"],
            "claim": {"text": "converting the loss value and the predictions to numpy arrays before "
                              "computing the gradients gives None gradients",
                      "versions": "TF 2.1 (tensorflow#36596)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "grad_dropped", "grads": {"kernel": "none"}}},
        },
        "predict_under_tape_watch_accessed_false": {
            "role": "fix",
            "title": "tensorflow#38751: model.predict(x) under tf.GradientTape(watch_accessed_variables=False) "
                     "(no gradient wanted)",
            "claim": {"text": "model.predict under a GradientTape raises an error; "
                              "watch_accessed_variables=False solved it",
                      "versions": "TF 2.1.0 (tensorflow#38751)",
                      "scope": {"tf": ">=2.1"},
                      "expect": {"outcome": "ok"}},
        },
        "model_call_inside_tape": {
            "role": "fix",
            "title": "error = model(x) - y inside the tape (not model.predict); gradient; apply_gradients",
            "grads": ["kernel"],
            "effects": ["kernel_updated"],
            "claim": {"text": "use model(x) instead of model.predict(x) and it works",
                      "versions": "TF 1.9 eager (tensorflow#20630)",
                      "expect": {"outcome": "ok", "grads": {"kernel": "ok"},
                                 "effects": {"kernel_updated": "yes"}}},
        },
    },
}


def _setup(ctx):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    if not ctx.eager:
        ctx.skip("eager GradientTape code; this TensorFlow runs graph mode")
    model = keras.Sequential([keras.layers.Dense(2, input_shape=(3,))])
    rng = np.random.RandomState(0)
    x = tf.constant(rng.rand(4, 3).astype("float32"))
    y = tf.constant(rng.rand(4, 2).astype("float32"))
    return model, x, y


def predict_inside_tape_as_written(ctx):
    tf = ctx.tf
    model, x, y = _setup(ctx)
    with ctx.subject("tape with model.predict + tape.gradient"):
        with tf.GradientTape() as tape:
            error = model.predict(x, verbose=0) - y
            loss_value = tf.reduce_mean(tf.square(error))
        grads = tape.gradient(loss_value, model.trainable_variables)
        ctx.grad("kernel", grads[0])


def numpy_loss_in_custom_loop(ctx):
    import numpy as np
    tf = ctx.tf
    model, x, y = _setup(ctx)

    def custom_loss(y_true, y_pred):
        return tf.constant(np.mean((y_pred.numpy() - y_true.numpy()) ** 2), dtype=tf.float32)

    with ctx.subject("tape with a NumPy loss + tape.gradient"):
        with tf.GradientTape() as tape:
            loss_value = custom_loss(y, model(x))
        grads = tape.gradient(loss_value, model.trainable_variables)
        ctx.grad("kernel", grads[0])


def predict_under_tape_watch_accessed_false(ctx):
    import numpy as np
    tf = ctx.tf
    model, x, y = _setup(ctx)
    with ctx.subject("model.predict under the tape"):
        with tf.GradientTape(watch_accessed_variables=False) as tape:
            vgg_input_img = tf.Variable(x) * 1.0   # #38751 feeds preprocess_input(tf.Variable(...))
            prediction = model.predict(vgg_input_img, verbose=0)
    ctx.observe("prediction_shape", list(np.shape(prediction)))


def model_call_inside_tape(ctx):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    model, x, y = _setup(ctx)
    optimizer = keras.optimizers.SGD(0.1)
    with ctx.subject("tape with model(x) + gradient + apply_gradients"):
        with tf.GradientTape() as tape:
            error = model(x) - y  # NOT model.predict(x) - y
            loss_value = tf.reduce_mean(tf.square(error))
        grads = tape.gradient(loss_value, model.trainable_variables)
        ctx.grad("kernel", grads[0])
        before = ctx.evaluate(model.trainable_variables[0]).copy()
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        ctx.effect("kernel_updated", not np.allclose(before, ctx.evaluate(model.trainable_variables[0])))
