"""Seed 002 Example 2 across environments: training history saved as JSON next to the .h5 model,
read back in another environment.

The article's fix: `history = model.fit(...)`, save the model and `json.dump(history.history, f)`
"separately", so the history survives. The writer is Example 2 (the tiny NER tagger of
cases/seed002_ner_history_saving.py, one epoch, validation data), and keeps what it had in
memory: the History's dict and the model's predictions on a fixed token input. Readers load
the JSON (do the keys and values survive?) and the .h5 model (is it the same model?). Where
json.dump cannot write the History's values (numpy floats are not JSON), the writer's cell
says so and there is nothing to read.
"""
import os

CASE = {
    "title": "Seed 002's History JSON and NER .h5 saved in one environment, read in another",
    "source": {"kind": "seed", "doc": "002_3200bdbb91f42c6c.txt",
               "title": "Why am I getting an AttributeError: 'Tensor' object has no attribute "
                        "'_keras_history' when building my NER model?",
               "frequency": {"reports": 7, "reactions": 3, "as_of": "2026-12-06",
                             "how": "issues searches 'save keras training history to json file' and 'Object "
                                    "of type float32 is not JSON serializable history.history': 7 threads "
                                    "(keras#646 #103 #5890, keras-rl#270, equinor/gordo#138, CSBDeep#38, "
                                    "huggingface_hub#861)"}},
    "variants": {
        "ex2_writer": {
            "example": 2, "role": "writer",
            "title": "history = fit(...); model.save('my_ner_model.h5'); json.dump(history.history, f)",
        },
        "ex2_history_json": {
            "example": 2, "role": "reader", "reads": "ex2_writer", "effects": ["same_predictions"],
            "title": "json.load('training_history.json'): the same keys and values as fit() returned",
            "claim": {"text": "the training history saved as JSON next to the model survives (keys and "
                              "values)",
                      "expect": {"outcome": "ok", "effects": {"same_predictions": "yes"}}},
        },
        "ex2_ner_model_h5": {
            "example": 2, "role": "reader", "reads": "ex2_writer", "effects": ["same_predictions"],
            "title": "load_model('my_ner_model.h5'), predict the same tokens",
        },
    },
}

SEQ_LEN, VOCAB, NUM_TAGS = 6, 20, 3
MODEL, HISTORY = "my_ner_model.h5", "training_history.json"


def _tagging_data(n):
    import numpy as np
    rng = np.random.RandomState(0)
    return (rng.randint(0, VOCAB, size=(n, SEQ_LEN)),
            rng.randint(0, NUM_TAGS, size=(n, SEQ_LEN, 1)))


def _tokens(ctx):
    return ctx.fixed_input((2, SEQ_LEN), dtype="int32", high=VOCAB)


def _outputs(ctx, model):
    """What the model computes on the fixed input: a plain call where TensorFlow runs eagerly
    (predict() traces a function first: 5x the time), predict() in TF1 graph mode."""
    return model(_tokens(ctx), training=False) if ctx.eager else model.predict(_tokens(ctx))


def ex2_writer(ctx):
    import json
    keras = ctx.keras
    X_train, y_train = _tagging_data(8)
    X_val, y_val = _tagging_data(4)
    model = keras.Sequential([
        keras.layers.Embedding(VOCAB, 8, input_shape=(SEQ_LEN,)),
        keras.layers.Dense(NUM_TAGS, activation='softmax'),
    ])

    # Compile the model
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')

    # Train the model and capture the history
    history = model.fit(X_train, y_train, epochs=1, validation_data=(X_val, y_val), verbose=0)

    with ctx.subject("save the model and json.dump(history.history)"):
        # Save the model and the history separately
        model.save(os.path.join(ctx.artifact_dir, MODEL))
        with open(os.path.join(ctx.artifact_dir, HISTORY), 'w') as f:
            json.dump(history.history, f)
    ctx.keep_predictions({"history": history.history, "predictions": _outputs(ctx, model)})


def ex2_history_json(ctx):
    import json
    with ctx.subject("json.load"):
        with open(os.path.join(ctx.artifact_dir, HISTORY)) as f:
            history = json.load(f)
        ctx.compare_predictions(history, atol=0.0, part="history")


def ex2_ner_model_h5(ctx):
    with ctx.subject("load_model('my_ner_model.h5')"):
        loaded_model = ctx.keras.models.load_model(os.path.join(ctx.artifact_dir, MODEL))
        ctx.compare_predictions(_outputs(ctx, loaded_model), part="predictions")
