"""Seed 003: loading an .h5 model with a custom `ResidualBlock` layer, with and without
custom_object_scope.

The article says the saved file only names the custom class, so loading
`my_model.h5` without special handling raises AttributeError (Example 1), and
that `custom_object_scope({'ResidualBlock': ResidualBlock})` makes the load
work (Example 2).

As written (Input (8, 8, 3) and 4 filters instead of (64, 64, 3) and 32), the
block adds its 3-channel input to a 4-channel convolution output, which
`Add` cannot do, and the layer has constructor arguments but no
`get_config()`: either may fail before any file is loaded, and that is the
recorded outcome of the `*_as_written` variants. Two corrected pairs isolate
the load question: `*_matching_channels_*` only makes the channels match
(Input (8, 8, 4)); `*_get_config_*` also adds `get_config()` returning
filters and kernel_size.

The custom class is defined inside each variant, never at module level, so
nothing can find it by import path: this stands for the article's case of
loading in a script that does not pass the class.
"""

CASE = {
    "title": "Loading an .h5 model with a custom ResidualBlock layer",
    "source": {"kind": "seed", "doc": "003_c2f32038be6832c3.txt",
               "title": "What causes AttributeError when loading a TensorFlow Keras model?",
               "frequency": {"reports": 10,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues search 'Unknown layer custom layer load_model h5 "
                                    "custom_object_scope': 10 threads of a custom layer not given at load "
                                    "time (keras#8612, #7585, #1927, #12387, tensorflow#43721, "
                                    "trade-rl#9, DeepST#11, PhasedLSTM-Keras#15, keras-vis#88 PR, kopt#6 "
                                    "PR); the error users see is ValueError 'Unknown layer', no thread "
                                    "reports AttributeError; 1 'same problem' comment"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "ex1_without_scope_as_written": {
            "example": 1, "role": "broken",
            "title": "build + model.save('my_model.h5') as written, then load_model without custom objects",
            "claim": {"text": "loading the model without handling the custom layer raises AttributeError",
                      "expect": {"outcome": "error", "error_type": "AttributeError"}},
        },
        "ex2_with_scope_as_written": {
            "example": 2, "role": "fix",
            "title": "build + save as written, then load_model inside custom_object_scope",
            "claim": {"text": "with custom_object_scope({'ResidualBlock': ResidualBlock}) the model loads "
                              "and can be used",
                      "expect": {"outcome": "ok"}},
        },
        "ex1_matching_channels_without_scope": {
            "example": 1, "role": "corrected",
            "title": "input channels = filters (no get_config), save, load without custom objects",
            "claim": {"text": "loading the model without handling the custom layer raises AttributeError",
                      "expect": {"outcome": "error", "error_type": "AttributeError"}},
        },
        "ex2_matching_channels_with_scope": {
            "example": 2, "role": "corrected",
            "title": "input channels = filters (no get_config), save, load inside custom_object_scope",
            "claim": {"text": "with custom_object_scope({'ResidualBlock': ResidualBlock}) the model loads "
                              "and can be used",
                      "expect": {"outcome": "ok"}},
        },
        "ex1_get_config_without_scope": {
            "example": 1, "role": "corrected",
            "title": "matching channels and get_config(), save, load without custom objects",
            "claim": {"text": "loading the model without handling the custom layer raises AttributeError",
                      "expect": {"outcome": "error", "error_type": "AttributeError"}},
        },
        "ex2_get_config_with_scope": {
            "example": 2, "role": "corrected",
            "title": "matching channels and get_config(), save, load inside custom_object_scope",
            "claim": {"text": "with custom_object_scope({'ResidualBlock': ResidualBlock}) the model loads "
                              "and can be used",
                      "expect": {"outcome": "ok"}},
        },
    },
}

FILTERS = 4


def _residual_block_class(ctx, with_config):
    tf, keras = ctx.tf, ctx.keras

    class ResidualBlock(keras.layers.Layer):
        def __init__(self, filters, kernel_size, **kwargs):
            super(ResidualBlock, self).__init__(**kwargs)
            self.conv1 = keras.layers.Conv2D(filters, kernel_size, padding='same')
            self.conv2 = keras.layers.Conv2D(filters, kernel_size, padding='same')
            self.bn1 = keras.layers.BatchNormalization()
            self.bn2 = keras.layers.BatchNormalization()
            self.add = keras.layers.Add()
            if with_config:  # corrected variants only
                self.filters = filters
                self.kernel_size = kernel_size

        def call(self, inputs):
            x = self.conv1(inputs)
            x = self.bn1(x)
            x = tf.nn.relu(x)
            x = self.conv2(x)
            x = self.bn2(x)
            residual = self.add([inputs, x])  # Ensure shape compatibility with inputs
            return tf.nn.relu(residual)

        if with_config:  # corrected variants only
            def get_config(self):
                config = super(ResidualBlock, self).get_config()
                config.update(filters=self.filters, kernel_size=self.kernel_size)
                return config

    return ResidualBlock


def _save_model(ctx, ResidualBlock, channels):
    """Example 1's training-side code: two blocks, model.save("my_model.h5")."""
    keras = ctx.keras
    input_layer = keras.layers.Input(shape=(8, 8, channels))
    x = ResidualBlock(FILTERS, 3)(input_layer)
    x = ResidualBlock(FILTERS, 3)(x)
    model = keras.models.Model(inputs=input_layer, outputs=x)
    model.save("my_model.h5")
    ctx.observe("saved", True)  # tells a failed save from a failed load


def _load(ctx, ResidualBlock, with_scope, channels):
    import numpy as np
    keras = ctx.keras
    if with_scope:
        with keras.utils.custom_object_scope({'ResidualBlock': ResidualBlock}):
            loaded_model = keras.models.load_model("my_model.h5")
    else:
        loaded_model = keras.models.load_model("my_model.h5")
    ctx.observe("loaded", True)
    # "The loaded model can be used"
    prediction = loaded_model.predict(np.zeros((1, 8, 8, channels), dtype="float32"))
    ctx.observe("prediction_shape", [int(d) for d in prediction.shape])


def _run(ctx, channels, with_config, with_scope):
    ResidualBlock = _residual_block_class(ctx, with_config)
    _save_model(ctx, ResidualBlock, channels)
    _load(ctx, ResidualBlock, with_scope, channels)


def ex1_without_scope_as_written(ctx):
    _run(ctx, channels=3, with_config=False, with_scope=False)


def ex2_with_scope_as_written(ctx):
    _run(ctx, channels=3, with_config=False, with_scope=True)


def ex1_matching_channels_without_scope(ctx):
    _run(ctx, channels=FILTERS, with_config=False, with_scope=False)


def ex2_matching_channels_with_scope(ctx):
    _run(ctx, channels=FILTERS, with_config=False, with_scope=True)


def ex1_get_config_without_scope(ctx):
    _run(ctx, channels=FILTERS, with_config=True, with_scope=False)


def ex2_get_config_with_scope(ctx):
    _run(ctx, channels=FILTERS, with_config=True, with_scope=True)
