"""Seed 003 across environments: seed 003's ResidualBlock model saved as .h5 in one
environment, loaded in another, with and without telling load_model about the class.

The article: "The most common culprit is a difference in TensorFlow or Keras versions between
the environment where the model was trained and the environment where it's being loaded";
loading `my_model.h5` without handling the custom layer raises AttributeError (Example 2's
comment); inside `custom_object_scope({'ResidualBlock': ResidualBlock})` it loads and "can then
be used as if it was just created" (Example 2).

The writer is Example 1 with the corrections cases/seed003_custom_layer_load.py isolates
(input channels = filters, and get_config(), without which tf.keras refuses to save) and an
(8, 8, 4) input; `tf.nn.relu` is `keras.activations.relu` so that the layer also runs on
Keras 3's JAX backend. The class is defined inside each variant, never at module level, so
nothing can find it by import path. Each reader predicts on the same fixed input as the
writer: "used as if it was just created" is same_predictions.
"""
import os

CASE = {
    "title": "Seed 003's ResidualBlock .h5 saved in one environment, loaded in another",
    "source": {"kind": "seed", "doc": "003_c2f32038be6832c3.txt",
               "title": "What causes AttributeError when loading a TensorFlow Keras model?",
               "frequency": {"reports": 7, "reactions": 2, "as_of": "2026-12-06",
                             "how": "issues search 'model saved in older tensorflow version load_model error after "
                                    "upgrading tensorflow h5 custom layer': 7 threads of a custom-layer .h5 that "
                                    "loads in one version and not another (tensorflow#36883 #56448 #41929 #32398, "
                                    "tf-keras#106, keras#16685 #19898)"}},
    "variants": {
        "ex1_h5_writer": {
            "example": 1, "role": "writer",
            "title": "two ResidualBlocks (get_config, matching channels), model.save('my_model.h5')",
        },
        "ex1_load_without_custom_objects": {
            "example": 2, "role": "reader", "reads": "ex1_h5_writer", "effects": ["same_predictions"],
            "title": "load_model('my_model.h5') with nothing about ResidualBlock",
            "claim": {"text": "loading the model without handling the custom layer raises AttributeError",
                      "expect": {"outcome": "error", "error_type": "AttributeError"}},
        },
        "ex2_custom_object_scope": {
            "example": 2, "role": "reader", "reads": "ex1_h5_writer", "effects": ["same_predictions"],
            "title": "load_model inside custom_object_scope({'ResidualBlock': ResidualBlock}), predict",
            "claim": {"text": "with custom_object_scope the model loads and can be used as if it was just "
                              "created",
                      "expect": {"outcome": "ok", "effects": {"same_predictions": "yes"}}},
        },
        "ex2_custom_objects_argument": {
            "example": 2, "role": "reader", "reads": "ex1_h5_writer", "effects": ["same_predictions"],
            "title": "load_model('my_model.h5', custom_objects={'ResidualBlock': ResidualBlock}), predict",
        },
    },
}

FILTERS, SIZE = 4, 8
FILE = "my_model.h5"


def _residual_block_class(ctx):
    keras = ctx.keras

    class ResidualBlock(keras.layers.Layer):
        def __init__(self, filters, kernel_size, **kwargs):
            super(ResidualBlock, self).__init__(**kwargs)
            self.conv1 = keras.layers.Conv2D(filters, kernel_size, padding='same')
            self.conv2 = keras.layers.Conv2D(filters, kernel_size, padding='same')
            self.bn1 = keras.layers.BatchNormalization()
            self.bn2 = keras.layers.BatchNormalization()
            self.add = keras.layers.Add()
            self.filters = filters
            self.kernel_size = kernel_size

        def call(self, inputs):
            x = self.conv1(inputs)
            x = self.bn1(x)
            x = keras.activations.relu(x)
            x = self.conv2(x)
            x = self.bn2(x)
            residual = self.add([inputs, x])  # Ensure shape compatibility with inputs
            return keras.activations.relu(residual)

        def get_config(self):
            config = super(ResidualBlock, self).get_config()
            config.update(filters=self.filters, kernel_size=self.kernel_size)
            return config

    return ResidualBlock


def _x(ctx):
    return ctx.fixed_input((2, SIZE, SIZE, FILTERS))


def _outputs(ctx, model):
    """What the model computes on the fixed input: a plain call where TensorFlow runs eagerly
    (predict() traces a function first: 5x the time), predict() in TF1 graph mode."""
    return model(_x(ctx), training=False) if ctx.eager else model.predict(_x(ctx))


def ex1_h5_writer(ctx):
    keras = ctx.keras
    ResidualBlock = _residual_block_class(ctx)
    input_layer = keras.layers.Input(shape=(SIZE, SIZE, FILTERS))
    x = ResidualBlock(FILTERS, 3)(input_layer)
    x = ResidualBlock(FILTERS, 3)(x)
    model = keras.models.Model(inputs=input_layer, outputs=x)
    with ctx.subject("model.save('my_model.h5')"):
        model.save(os.path.join(ctx.artifact_dir, FILE))
    ctx.keep_predictions(_outputs(ctx, model))


def ex1_load_without_custom_objects(ctx):
    keras = ctx.keras
    with ctx.subject("load_model"):
        loaded_model = keras.models.load_model(os.path.join(ctx.artifact_dir, FILE))
        ctx.compare_predictions(_outputs(ctx, loaded_model))


def ex2_custom_object_scope(ctx):
    keras = ctx.keras
    ResidualBlock = _residual_block_class(ctx)
    with ctx.subject("load_model in custom_object_scope"):
        with keras.utils.custom_object_scope({'ResidualBlock': ResidualBlock}):
            loaded_model = keras.models.load_model(os.path.join(ctx.artifact_dir, FILE))
        ctx.compare_predictions(_outputs(ctx, loaded_model))


def ex2_custom_objects_argument(ctx):
    keras = ctx.keras
    ResidualBlock = _residual_block_class(ctx)
    with ctx.subject("load_model(custom_objects=...)"):
        loaded_model = keras.models.load_model(os.path.join(ctx.artifact_dir, FILE),
                                               custom_objects={'ResidualBlock': ResidualBlock})
        ctx.compare_predictions(_outputs(ctx, loaded_model))
