"""Known reports: a custom layer that creates two weights with `add_weight(...)` and no `name=`
saves to HDF5 with "RuntimeError: Unable to create link (name already exists)" (h5py), because
both weights get the same default name inside the layer's group.

tensorflow/tensorflow#26811 ("[TF2.0] Bug when saving weights with custom layers"): the `Linear`
layer of the TF 2.0 custom-layers guide (`self.w = self.add_weight(shape=..., initializer=
'random_normal', trainable=True)`, `self.b = self.add_weight(...)`) and "Saving in h5 format also
result in an error". zaccharieramzi/understanding-unets#15: "CheekyDynamicThresholding Layer causes
model save fail. This is due to tensorflow/tensorflow#36650. Therefore as a patch, I need to name the
weights I have in this custom layer" ("RuntimeError: Unable to create link (name already exists)"
from fit's checkpoint). The same h5py error from other layers with clashing weight names:
tensorflow/addons#712 (WeightNormalization, `model.save('model.h5')`), tensorflow/lattice#47,
titu1994/tf_neural_deconvolution#4 ("You can explicitly pass a name to each layer to fix that"),
tensorflow/tensorflow#41021 (nested layers, TF 2.2), tensorflow/tensorflow#46871. With h5py 3 the
same clash reads "ValueError: Unable to create dataset (name already exists)" (tensorflow/
tensorflow#61813, TF 2.13, from a checkpoint in fit) or "ValueError: Unable to synchronously create
dataset (name already exists)" (h5py/h5py#2400, a tf.keras model).

The guide's Linear layer (units=2) on Input(3). Variants: save_weights to .h5 as written (Keras 3:
its `.weights.h5`), model.save('model.h5'), and the fix: names for the weights.
"""

CASE = {
    "title": "Custom layer with unnamed add_weight() weights saved to HDF5: Unable to create link (name already exists)",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/26811",
                        "https://github.com/zaccharieramzi/understanding-unets/issues/15",
                        "https://github.com/tensorflow/addons/issues/712",
                        "https://github.com/tensorflow/lattice/issues/47",
                        "https://github.com/titu1994/tf_neural_deconvolution/issues/4",
                        "https://github.com/tensorflow/tensorflow/issues/61813",
                        "https://github.com/h5py/h5py/issues/2400"],
               "title": "[TF2.0] Bug when saving weights with custom layers",
               "frequency": {"reports": 10, "as_of": "2026-12-06",
                             "how": "issues search 'Unable to create link (name already exists)' / 'Unable "
                                    "to (synchronously) create dataset (name already exists)' model save h5: "
                                    "tf#26811, understanding-unets#15 (-> tf#36650), addons#712, lattice#47, "
                                    "tf_neural_deconvolution#4, tf#41021, tf#46871, tf#27688, tf#61813, "
                                    "h5py#2400"}},
    "variants": {
        "save_weights_h5_as_written": {
            "role": "broken",
            "title": "the guide's Linear layer (two unnamed add_weight), model.save_weights('weights.h5')",
            "claim": {"text": "RuntimeError: Unable to create link (name already exists) (h5py 3: "
                              "ValueError: Unable to (synchronously) create dataset (name already exists))",
                      "versions": "TF 2.0 alpha (tf#26811); TF 2.x (understanding-unets#15, 2020); TF 2.13 "
                                  "and h5py 3 (tf#61813, h5py#2400)",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": ["RuntimeError", "ValueError"],
                                 "message": "\\(name already exists\\)"}},
        },
        "model_save_h5": {
            "role": "broken",
            "title": "the same model, model.save('model.h5')",
            "claim": {"text": "model.save('model.h5') crashes in h5py with the same error (RuntimeError: "
                              "Unable to create link (name already exists); h5py 3: ValueError: Unable to "
                              "create dataset (name already exists))",
                      "versions": "TF 2.0 (addons#712); TF 2.13 (tf#61813, a checkpoint in fit)",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": ["RuntimeError", "ValueError"],
                                 "message": "\\(name already exists\\)"}},
        },
        "named_weights_fix": {
            "role": "fix",
            "title": "add_weight(name='w', ...) and add_weight(name='b', ...): save_weights .h5, "
                     "load_weights into a new model",
            "effects": ["weights_restored"],
            "claim": {"text": "naming the weights of the custom layer makes the model save",
                      "versions": "understanding-unets#15 (via tf#36650)",
                      "expect": {"outcome": "ok", "effects": {"weights_restored": "yes"}}},
        },
    },
}


def _linear_class(ctx, named):
    keras = ctx.keras

    class Linear(keras.layers.Layer):

        def __init__(self, units=32, **kwargs):
            super(Linear, self).__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            names = ({"name": "w"}, {"name": "b"}) if named else ({}, {})
            self.w = self.add_weight(shape=(int(input_shape[-1]), self.units),
                                     initializer='random_normal',
                                     trainable=True, **names[0])
            self.b = self.add_weight(shape=(self.units,),
                                     initializer='random_normal',
                                     trainable=True, **names[1])
            super(Linear, self).build(input_shape)

        def call(self, inputs):
            return ctx.keras.backend.dot(inputs, self.w) + self.b if ctx.keras_major != 3 else \
                ctx.keras.ops.matmul(inputs, self.w) + self.b

        def get_config(self):
            config = super(Linear, self).get_config()
            config.update({'units': self.units})
            return config

    return Linear


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3) / 6.0


def _model(ctx, Linear):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = Linear(2)(inputs)
    model = keras.models.Model(inputs, outputs)
    model.predict(_x())
    return model


def _weights_path(ctx):
    return "weights.weights.h5" if ctx.keras_major == 3 else "weights.h5"


def save_weights_h5_as_written(ctx):
    model = _model(ctx, _linear_class(ctx, named=False))
    path = _weights_path(ctx)
    with ctx.subject("model.save_weights(%r)" % path):
        model.save_weights(path)
        ctx.observe("saved", True)


def model_save_h5(ctx):
    model = _model(ctx, _linear_class(ctx, named=False))
    with ctx.subject("model.save('model.h5')"):
        model.save("model.h5")
        ctx.observe("saved", True)


def named_weights_fix(ctx):
    import numpy as np
    Linear = _linear_class(ctx, named=True)
    model = _model(ctx, Linear)
    path = _weights_path(ctx)
    with ctx.subject("save_weights(%r) + load_weights into a new model" % path):
        model.save_weights(path)
        other = _model(ctx, Linear)
        other.load_weights(path)
        same = np.allclose(model.predict(_x()), other.predict(_x()), atol=1e-6)
        ctx.effect("weights_restored", bool(same))
