"""Known root cause: in a custom training loop the model is called as `model(x)`, without
`training=True`. Outside `fit()` the call runs in inference mode: Dropout is off and
BatchNormalization normalises with (and never updates) its moving statistics. Nothing fails;
the model silently trains differently.

yusugomori/deeplearning-keras-tf2-torch#2 (TF 2.2, a subclassed model with Dropout trained by a
custom loop): "when calling it during training you have to pass `preds = model(x,
training=True)` explicitly, otherwise Dropout etc. do not behave as in training, don't they?
Confirmed with TensorFlow 2.2" (translated). siavash-khodadadeh/MetaLearning-TF2.0#5: "moving
mean and variance (of batchnorm layers) not updated during training. I believe this is due to
using custom keras training loop. Keras automatically handles this when using model.fit()";
the maintainer: "In TF2, you can handle updating of these parameters by setting training=True
or False when call". tensorflow#28028 (TF 2.0) and tensorflow#36936 ask the same of the custom
training loop docs; OpenMined/PySyft-TensorFlow#38 adds the `training` argument to a tutorial
model for its Dropout.

Model: Input(4) -> Dense(8) -> BatchNormalization -> Dropout(0.5) -> Dense(1). Effects:
`bn_moving_mean_updated` (the BatchNormalization moving mean changed during the training
step) and `dropout_active` (two forward passes of the step on the same batch differ).
"""

CASE = {
    "title": "Custom training loop calling model(x) without training=True: Dropout off, BatchNorm statistics frozen",
    "source": {"kind": "known",
               "refs": ["https://github.com/yusugomori/deeplearning-keras-tf2-torch/issues/2",
                        "https://github.com/siavash-khodadadeh/MetaLearning-TF2.0/issues/5",
                        "https://github.com/tensorflow/tensorflow/issues/28028",
                        "https://github.com/tensorflow/tensorflow/issues/36936",
                        "https://github.com/OpenMined/PySyft-TensorFlow/pull/38"],
               "title": "Custom training loop: Dropout / BatchNormalization in inference mode without training=True",
               "frequency": {"reports": 5, "as_of": "2026-12-06",
                             "how": "issues searches 'custom training loop model(x) without "
                                    "training=True dropout', 'batchnorm moving mean not updated custom "
                                    "training loop': deeplearning-keras-tf2-torch#2, "
                                    "MetaLearning-TF2.0#5, tensorflow#28028, #36936, "
                                    "PySyft-TensorFlow#38"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "model_call_without_training": {
            "role": "broken",
            "title": "with tape: preds = model(x) (no training argument); loss; apply_gradients",
            "effects": ["bn_moving_mean_updated", "dropout_active"],
            "claim": {"text": "without training=True Dropout does not behave as in training and the "
                              "batchnorm moving mean and variance are not updated in a custom loop",
                      "versions": "TF 2.2 (deeplearning-keras-tf2-torch#2); TF 2.x "
                                  "(MetaLearning-TF2.0#5)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "silent_failure",
                                 "effects": {"bn_moving_mean_updated": "no", "dropout_active": "no"}}},
        },
        "model_call_training_true": {
            "role": "fix",
            "title": "the same loop with preds = model(x, training=True)",
            "effects": ["bn_moving_mean_updated", "dropout_active"],
            "claim": {"text": "pass training=True when calling the model during training",
                      "versions": "TF 2.2 / TF 2.x (deeplearning-keras-tf2-torch#2, MetaLearning-TF2.0#5)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok",
                                 "effects": {"bn_moving_mean_updated": "yes", "dropout_active": "yes"}}},
        },
        "fit_reference": {
            "role": "demo",
            "title": "model.compile + model.fit on the same batch",
            "effects": ["bn_moving_mean_updated"],
            "claim": {"text": "Keras automatically handles this [the moving statistics] when using "
                              "model.fit()",
                      "versions": "TF 2.x (MetaLearning-TF2.0#5)",
                      "expect": {"outcome": "ok", "effects": {"bn_moving_mean_updated": "yes"}}},
        },
    },
}


def _model(ctx):
    import numpy as np
    keras = ctx.keras
    inputs = keras.layers.Input((4,))
    hidden = keras.layers.Dense(8, kernel_initializer="ones")(inputs)
    bn = keras.layers.BatchNormalization(momentum=0.5)
    hidden = bn(hidden)
    hidden = keras.layers.Dropout(0.5)(hidden)
    outputs = keras.layers.Dense(1)(hidden)
    model = keras.models.Model(inputs, outputs)
    rng = np.random.RandomState(0)
    x = (rng.rand(8, 4) * 3 + 1).astype("float32")
    y = rng.rand(8, 1).astype("float32")
    return model, bn, x, y


def _moving_mean(ctx, bn):
    import numpy as np
    return np.array(ctx.evaluate(bn.moving_mean)).copy()


def _loop(ctx, **call_kwargs):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    if not ctx.eager:
        ctx.skip("a TF 2 eager custom training loop; this TensorFlow runs graph mode")
    model, bn, x, y = _model(ctx)
    x, y = tf.constant(x), tf.constant(y)
    optimizer = keras.optimizers.SGD(0.01)
    before = _moving_mean(ctx, bn)
    with ctx.subject("custom training step"):
        with tf.GradientTape() as tape:
            preds = model(x, **call_kwargs)
            again = model(x, **call_kwargs)
            loss = tf.reduce_mean(tf.square(preds - y))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ctx.effect("bn_moving_mean_updated", not np.allclose(before, _moving_mean(ctx, bn)))
    ctx.effect("dropout_active", not np.allclose(ctx.evaluate(preds), ctx.evaluate(again)))


def model_call_without_training(ctx):
    _loop(ctx)


def model_call_training_true(ctx):
    _loop(ctx, training=True)


def fit_reference(ctx):
    import numpy as np
    keras = ctx.keras
    model, bn, x, y = _model(ctx)
    model.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    before = _moving_mean(ctx, bn)
    with ctx.subject("fit"):
        model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    ctx.effect("bn_moving_mean_updated", not np.allclose(before, _moving_mean(ctx, bn)))
