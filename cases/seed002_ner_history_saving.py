"""Seed 002: "_keras_history is the training history" (NER model, save/load, fine-tuning).

The article explains the `_keras_history` AttributeError as missing *training
history*: `_keras_history` "is an internal Keras mechanism used to store
training metrics", `model.save()` does not keep it, so
`load_model('my_ner_model.h5')._keras_history` raises (Example 1); the fix is
`history = model.fit(...)`, `json.dump(history.history)` and saving the model
separately (Example 2); Example 3 does the same after fine-tuning a frozen
EfficientNetB0 and says `_keras_history` "will only reflect the fine-tuning
history".

Substitutions: the missing 'my_ner_model.h5' is first made by a tiny trained
token-tagging model (Embedding + Dense, 6 tokens, 3 tags); the elided layers
and `compile(...)` are filled with that model and
optimizer='adam', loss='sparse_categorical_crossentropy'; epochs=1; a few
samples. Example 3 imports EfficientNetB0 from the third-party `efficientnet`
package: here `keras.applications.EfficientNetB0(weights=None,
input_shape=(32, 32, 3))` (skipped where keras.applications lacks it, before
TF 2.3), and `num_classes = 3`. The article's Example 3 calls `json.dump`
without importing json (a NameError as printed); the variant imports it.

`trained_model_has_history` isolates the article's mechanism: a model
trained in this session, fit()'s History kept, should then carry
`_keras_history` if the article were right.
"""

CASE = {
    "title": "_keras_history as training history: load_model, History JSON, fine-tuning (NER)",
    "source": {"kind": "seed", "doc": "002_3200bdbb91f42c6c.txt",
               "title": "Why am I getting an AttributeError: 'Tensor' object has no attribute "
                        "'_keras_history' when building my NER model?",
               "frequency": {"reports": 6,
                             "reactions": 2,
                             "as_of": "2026-12-06",
                             "how": "issues search 'NER BiLSTM _keras_history' + crf_loss variants: 6 NER "
                                    "threads hit the error (keras#7362 comment, keras#14464, "
                                    "keras-contrib#554, zh-nlp-demo#3, CCKS2019-NER#4, zh-NER-keras#29), "
                                    "all from keras-contrib CRF under tf.keras / TF2, none about training "
                                    "history or load_model; 2 'same here' comments"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "ex1_loaded_model_as_written": {
            "example": 1, "role": "broken",
            "title": "load_model('my_ner_model.h5') then loaded_model._keras_history",
            "claim": {"text": "the loaded model lacks the training history: accessing "
                              "_keras_history raises AttributeError",
                      "expect": {"outcome": "keras_history_error"}},
        },
        "ex1_trained_model_has_history": {
            "example": 1, "role": "corrected",
            "title": "model._keras_history on a model trained in this session, History kept",
            "claim": {"text": "_keras_history stores the training metrics of fit() in the current "
                              "session; only loaded (or untrained) models lack it",
                      "expect": {"outcome": "ok", "observed": {"model_has_keras_history": True}}},
        },
        "ex2_history_json_as_written": {
            "example": 2, "role": "fix",
            "title": "history = fit(...); print losses; model.save('my_ner_model.h5'); json.dump(history.history)",
            "claim": {"text": "capturing fit()'s History and saving it as JSON next to the model works",
                      "expect": {"outcome": "ok"}},
        },
        "ex3_finetune_frozen_backbone": {
            "example": 3, "role": "fix",
            "title": "frozen EfficientNetB0 + new head: fit, save .h5, json.dump(history.history)",
            "timeout": 180,
            "claim": {"text": "fine-tuning, saving the model as .h5 and the fine-tuning history as "
                              "JSON works",
                      "expect": {"outcome": "ok"}},
        },
    },
}

SEQ_LEN, VOCAB, NUM_TAGS = 6, 20, 3


def _tagging_data(n):
    import numpy as np
    rng = np.random.RandomState(0)
    return (rng.randint(0, VOCAB, size=(n, SEQ_LEN)),
            rng.randint(0, NUM_TAGS, size=(n, SEQ_LEN, 1)))


def _ner_model(ctx):
    """The article's `# ... your NER model layers ...`: a tiny per-token tagger."""
    keras = ctx.keras
    return keras.Sequential([
        keras.layers.Embedding(VOCAB, 8, input_shape=(SEQ_LEN,)),
        keras.layers.Dense(NUM_TAGS, activation='softmax'),
    ])


def _compile(model):
    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')


def _make_saved_ner_model(ctx):
    """The smallest code that produces the 'my_ner_model.h5' Example 1 loads."""
    X_train, y_train = _tagging_data(8)
    model = _ner_model(ctx)
    _compile(model)
    model.fit(X_train, y_train, epochs=1, verbose=0)
    model.save('my_ner_model.h5')


def ex1_loaded_model_as_written(ctx):
    keras = ctx.keras
    _make_saved_ner_model(ctx)

    # Load a model without explicitly saving the history
    loaded_model = keras.models.load_model('my_ner_model.h5')

    # The article wraps this in try/except AttributeError and prints the error.
    history = loaded_model._keras_history
    print(history)


def ex1_trained_model_has_history(ctx):
    X_train, y_train = _tagging_data(8)
    model = _ner_model(ctx)
    _compile(model)
    history = model.fit(X_train, y_train, epochs=1, verbose=0)
    ctx.observe("fit_returned_history", sorted(history.history))
    ctx.observe("model_has_keras_history", hasattr(model, '_keras_history'))
    # where Keras really keeps the last fit()'s History (tf.keras sets model.history)
    ctx.observe("model_has_history", hasattr(model, 'history'))


def ex2_history_json_as_written(ctx):
    X_train, y_train = _tagging_data(8)
    X_val, y_val = _tagging_data(4)
    model = _ner_model(ctx)

    # Compile the model
    _compile(model)

    # Train the model and capture the history
    history = model.fit(X_train, y_train, epochs=1, validation_data=(X_val, y_val))

    # Access training history
    print(history.history['loss'])
    print(history.history['val_loss'])
    ctx.observe("history_value_type", type(history.history['loss'][0]).__name__)

    # Save the model and the history separately
    model.save('my_ner_model.h5')
    import json
    with open('training_history.json', 'w') as f:
        json.dump(history.history, f)


def ex3_finetune_frozen_backbone(ctx):
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
    history = model.fit(X_train, y_train, epochs=1, validation_data=(X_val, y_val))

    # Access training history (from fine-tuning)
    print(history.history['loss'])
    ctx.observe("history_value_type", type(history.history['loss'][0]).__name__)

    # Save everything appropriately
    model.save("fine_tuned_ner_model.h5")
    with open('fine_tuning_history.json', 'w') as f:
        json.dump(history.history, f)
