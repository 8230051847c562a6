"""Known root cause: a custom training loop that trains extra `tf.Variable`s (a learnable std,
PDE coefficients, logic-network parameters) together with the model's variables through a
Keras optimizer. Keras 2 optimizers take any tf.Variable; a Keras 3 optimizer expects Keras
variables and fails on the mixed list: "AttributeError: 'ResourceVariable' object has no
attribute 'overwrite_with_gradient'".

keras-team/keras#20517 (Keras 3, TF backend): "When I have a mix of tf.Variable and
KerasVariables I get the following error: ... `if v.overwrite_with_gradient:` AttributeError:
'ResourceVariable' object has no attribute 'overwrite_with_gradient'. I suspect this is because
my list of variables is [KerasVariables] + [tf.Variables] and the following line only checks the
first in the list"; the reproduction is a `tf.keras.Model` with Dense layers plus a tf.Variable.
tensorflow/addons#2871 (deepxde's Navier-Stokes inverse problem, 2024: unknown PDE coefficients
as tf.Variables trained with the network) and logictensornetworks/logictensornetworks#33
("Conflict between KerasVariables and tf.Variables": `grads = tape.gradient(loss_value,
trainable_variables); optimizer.apply_gradients(zip(grads, trainable_variables))`) hit the same
AttributeError.

Model: Input(2) -> Dense(8, tanh) -> Dense(1) and one extra `tf.Variable` scale; one step.
Effect `extra_variable_updated`: the tf.Variable changed.
"""

CASE = {
    "title": "Keras 3 optimizer given model variables + extra tf.Variables: no attribute 'overwrite_with_gradient'",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/20517",
                        "https://github.com/tensorflow/addons/issues/2871",
                        "https://github.com/logictensornetworks/logictensornetworks/issues/33"],
               "title": "apply_gradients AttributeError: 'ResourceVariable' object has no attribute "
                        "'overwrite_with_gradient'",
               "frequency": {"reports": 3, "as_of": "2026-12-06",
                             "how": "issues search \"'ResourceVariable' object has no attribute "
                                    "'overwrite_with_gradient'\": keras#20517, addons#2871, "
                                    "logictensornetworks#33"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "mixed_variables_as_written": {
            "role": "broken",
            "title": "keras#20517: trainable = model.trainable_variables + [tf.Variable]; tape.gradient; "
                     "optimizer.apply_gradients(zip(grads, trainable))",
            "effects": ["extra_variable_updated"],
            "claim": {"text": "AttributeError: 'ResourceVariable' object has no attribute "
                              "'overwrite_with_gradient' with a mix of tf.Variable and KerasVariables",
                      "versions": "Keras 3 (keras#20517, Nov 2024; addons#2871 Jun 2024)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "object has no attribute 'overwrite_with_gradient'"}},
        },
        "keras_variable_parameter": {
            "role": "corrected",
            "title": "the extra parameter created as a Keras variable (keras.Variable / "
                     "layer.add_weight on Keras 2) instead of tf.Variable; the same loop",
            "effects": ["extra_variable_updated"],
        },
    },
}


def _setup(ctx, make_scale):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    if not ctx.eager:
        ctx.skip("a TF 2 eager custom training loop; this TensorFlow runs graph mode")

    class MyModel(keras.Model):
        def __init__(self):
            super(MyModel, self).__init__()
            # Keras model Layers
            self.hidden_layers = [keras.layers.Dense(8, activation='tanh') for _ in range(1)]
            self.output_layer = keras.layers.Dense(1)

        def call(self, inputs):
            x = inputs
            for layer in self.hidden_layers:
                x = layer(x)
            return self.output_layer(x)

    model = MyModel()
    rng = np.random.RandomState(0)
    x = tf.constant(rng.rand(4, 2).astype("float32"))
    y = tf.constant(rng.rand(4, 1).astype("float32"))
    model(x)            # build
    scale = make_scale(model)
    return model, scale, x, y


def _step(ctx, model, scale, x, y):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    optimizer = keras.optimizers.Adam(0.01)
    trainable_variables = list(model.trainable_variables) + [scale]
    before = np.array(ctx.evaluate(scale)).copy()
    with ctx.subject("tape.gradient + apply_gradients"):
        with tf.GradientTape() as tape:
            loss_value = tf.reduce_mean(tf.square(model(x) * scale - y))
        grads = tape.gradient(loss_value, trainable_variables)
        optimizer.apply_gradients(zip(grads, trainable_variables))
    ctx.effect("extra_variable_updated", not np.allclose(before, ctx.evaluate(scale)))


def mixed_variables_as_written(ctx):
    tf = ctx.tf
    model, scale, x, y = _setup(ctx, lambda model: tf.Variable(1.0, name="scale"))
    _step(ctx, model, scale, x, y)


def keras_variable_parameter(ctx):
    keras = ctx.keras

    def make_scale(model):
        if ctx.keras_major == 3:
            return keras.Variable(1.0, name="scale")
        return model.output_layer.add_weight(name="scale", shape=(), initializer="ones")

    model, scale, x, y = _setup(ctx, make_scale)
    _step(ctx, model, scale, x, y)
