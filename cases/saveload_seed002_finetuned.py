"""Seed 002 Example 3 across environments: the fine-tuned EfficientNetB0 saved as .h5 with its
fine-tuning history as JSON, loaded in another environment.

The writer is Example 3 as cases/seed002_ner_history_saving.py runs it
(`keras.applications.EfficientNetB0(weights=None, include_top=False, input_shape=(32, 32, 3))`,
frozen, a new head, one epoch on four images, `model.save("fine_tuned_ner_model.h5")` and
`json.dump(history.history, f)`), keeping its predictions on a fixed image batch. Readers load
the model (many layer types: Rescaling, Normalization, DepthwiseConv2D, swish) and the history.
Keras 3 on JAX takes minutes to load Keras 3's file (498 s, then 43 s to predict, on the loaded
2-core development machine; TensorFlow's Keras 3: seconds): the model reader may take 900 s.

The .h5 is about 16 MB (4 M parameters) and does not compress: one per writer environment
and per writer run would make the store grow by ~0.7 GB for every full run of ~45 rows. It is
written in a declared set of environments ("write_in"): the first TensorFlow with
keras.applications.EfficientNetB0 (2.3), the last Keras 2 of TF 2.x (2.15), and the newest
TensorFlow's tf_keras and Keras 3 (2.21, Python 3.12, nothing installed beside them): one
per Keras line, on the CPU; every row reads all of them. Not Keras 3 on JAX: its
fit() of this model compiles for minutes (killed at 240 s on the 2-core development machine),
and TF 2.21's Keras 3 writes the same Keras 3 file.
"""
import os

CASE = {
    "title": "Seed 002's fine-tuned EfficientNetB0 .h5 and history saved in one environment, loaded in another",
    "source": {"kind": "seed", "doc": "002_3200bdbb91f42c6c.txt",
               "title": "Why am I getting an AttributeError: 'Tensor' object has no attribute "
                        "'_keras_history' when building my NER model?",
               "frequency": {"reports": 7, "reactions": 5, "as_of": "2026-12-06",
                             "how": "issues search 'EfficientNet h5 model load_model fails other tensorflow "
                                    "version swish DepthwiseConv2D': 7 threads (qubvel/efficientnet#62 #51 #44 "
                                    "#57, tensorflow#43576, Tony607/efficientnet_keras_transfer_learning#4 #8)"}},
    "variants": {
        "ex3_writer": {
            "example": 3, "role": "writer", "timeout": 240,
            "write_in": [{"tf": ">=2.3,<2.4", "device": "cpu"}, {"tf": ">=2.15,<2.16", "device": "cpu"},
                         {"tf": ">=2.21,<2.22", "python": "==3.12", "also": "", "device": "cpu"}],
            "title": "frozen EfficientNetB0 + new head: fit, save .h5, json.dump(history.history)",
        },
        "ex3_model_h5": {
            "example": 3, "role": "reader", "reads": "ex3_writer", "effects": ["same_predictions"], "timeout": 900,
            "title": "load_model('fine_tuned_ner_model.h5'), predict the same images",
            "claim": {"text": "the fine-tuned model saved as .h5 can be loaded and used",
                      "expect": {"outcome": "ok", "effects": {"same_predictions": "yes"}}},
        },
        "ex3_history_json": {
            "example": 3, "role": "reader", "reads": "ex3_writer", "effects": ["same_predictions"],
            "title": "json.load('fine_tuning_history.json'): the same keys and values",
        },
    },
}

MODEL, HISTORY = "fine_tuned_ner_model.h5", "fine_tuning_history.json"


def _images(ctx):
    return ctx.fixed_input((2, 32, 32, 3))


def _outputs(ctx, model):
    """What the model computes on the fixed images: a plain call where TensorFlow runs eagerly
    (predict() traces a function first: 5x the time), else predict(): TF1's graph mode, and
    JAX, whose eager call compiles this model's hundreds of ops one by one (over 240 s here)."""
    if ctx.eager and ctx.backend == "tensorflow":
        return model(_images(ctx), training=False)
    return model.predict(_images(ctx), verbose=0)


def ex3_writer(ctx):
    import json
    import numpy as np
    keras = ctx.keras
    if not hasattr(keras.applications, "EfficientNetB0"):
        ctx.skip("keras.applications has no EfficientNetB0 here (added in TF 2.3)")
    EfficientNetB0 = keras.applications.EfficientNetB0
    num_classes = 3
    X_train = np.random.rand(4, 32, 32, 3).astype("float32")
    y_train = np.eye(num_classes)[np.arange(4) % num_classes]
    X_val, y_val = X_train[:2], y_train[:2]

    # Load pre-trained EfficientNet
    base_model = EfficientNetB0(weights=None, include_top=False, input_shape=(32, 32, 3))

    # Freeze base model layers
    base_model.trainable = False

    # Add custom NER layers
    x = base_model.output
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dense(128, activation='relu')(x)
    outputs = keras.layers.Dense(num_classes, activation='softmax')(x)

    model = keras.Model(inputs=base_model.input, outputs=outputs)

    # Compile and train the model, saving history
    model.compile(optimizer='adam', loss='categorical_crossentropy')
    history = model.fit(X_train, y_train, epochs=1, validation_data=(X_val, y_val), verbose=0)

    with ctx.subject("save the model and json.dump(history.history)"):
        # Save everything appropriately
        model.save(os.path.join(ctx.artifact_dir, MODEL))
        with open(os.path.join(ctx.artifact_dir, HISTORY), 'w') as f:
            json.dump(history.history, f)
    ctx.keep_predictions({"history": history.history, "predictions": _outputs(ctx, model)})


def ex3_model_h5(ctx):
    with ctx.subject("load_model('fine_tuned_ner_model.h5')"):
        loaded_model = ctx.keras.models.load_model(os.path.join(ctx.artifact_dir, MODEL))
        ctx.compare_predictions(_outputs(ctx, loaded_model), part="predictions")


def ex3_history_json(ctx):
    import json
    with ctx.subject("json.load"):
        with open(os.path.join(ctx.artifact_dir, HISTORY)) as f:
            history = json.load(f)
        ctx.compare_predictions(history, atol=0.0, part="history")
