"""Seed 003: loading an .h5 model compiled with a custom loss function, with and without
custom_object_scope.

The article's Example 3 compiles a model with `my_custom_loss`, saves it as
`custom_loss_model.h5`, and says loading it "will throw AttributeError
unless" the loss is given through
`custom_object_scope({'my_custom_loss': my_custom_loss})`, after which the
loaded model "will be fully functional". The two claims are two variants.
The loss is defined inside each variant, never at module level, so nothing
can find it by import path (as in a script that does not pass it).
"""

CASE = {
    "title": "Loading an .h5 model compiled with a custom loss function",
    "source": {"kind": "seed", "doc": "003_c2f32038be6832c3.txt",
               "title": "What causes AttributeError when loading a TensorFlow Keras model?",
               "frequency": {"reports": 11,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'ValueError: Unknown loss function ... load_model' "
                                    "and 'focal loss closure custom_objects': 11 threads of a custom loss "
                                    "not given at load time (keras#5916, segmentation_models x5, "
                                    "Keras_HED#9, PolyphonicPianoTranscription#5, autokeras#1694, "
                                    "focal-loss-keras x2); the error is ValueError 'Unknown loss "
                                    "function', never AttributeError; 1 'same' comment"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "ex3_without_scope": {
            "example": 3, "role": "broken",
            "title": "compile(loss=my_custom_loss), save .h5, load_model without custom objects",
            "claim": {"text": "loading the model without the custom loss throws AttributeError",
                      "expect": {"outcome": "error", "error_type": "AttributeError"}},
        },
        "ex3_with_scope": {
            "example": 3, "role": "fix",
            "title": "the same model loaded inside custom_object_scope({'my_custom_loss': ...})",
            "claim": {"text": "inside custom_object_scope the model loads and is fully functional",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _save_and_load(ctx, with_scope):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras

    def my_custom_loss(y_true, y_pred):
        return tf.reduce_mean(tf.square(y_true - y_pred))
    input_layer = keras.layers.Input(shape=(10,))
    output_layer = keras.layers.Dense(1)(input_layer)
    model = keras.models.Model(inputs=input_layer, outputs=output_layer)
    model.compile(optimizer="adam", loss=my_custom_loss)
    model.save("custom_loss_model.h5")
    ctx.observe("saved", True)  # tells a failed save from a failed load

    if with_scope:
        with keras.utils.custom_object_scope({'my_custom_loss': my_custom_loss}):
            loaded_model = keras.models.load_model("custom_loss_model.h5")
    else:
        loaded_model = keras.models.load_model("custom_loss_model.h5")
    ctx.observe("loaded", True)

    # "fully functional": it predicts and trains one step with the restored loss
    x, y = np.random.rand(4, 10).astype("float32"), np.random.rand(4, 1).astype("float32")
    loaded_model.predict(x)
    ctx.observe("predicted", True)
    loaded_model.fit(x, y, epochs=1, verbose=0)


def ex3_without_scope(ctx):
    _save_and_load(ctx, with_scope=False)


def ex3_with_scope(ctx):
    _save_and_load(ctx, with_scope=True)
