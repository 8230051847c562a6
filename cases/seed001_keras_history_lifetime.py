"""Seed 001: which tensors carry `_keras_history`, and does it survive compile()?

The article says `_keras_history` is build-time bookkeeping that "won't persist
beyond the model's construction phase": a tensor made outside Keras
(`tf.random.normal`) lacks it (Example 1), and the functional intermediate `x`
of a compiled model "will most likely fail" to give it after compilation
(Example 2). Its Example 3 is the recommended debugging route: call
`model.layers[0]` on the NumPy training data, fit, then
`loss, accuracy = model.evaluate(...)`, which it calls "verifiable and
reliable information".

The article's code catches AttributeError and prints a message; here the
attribute is read without the try so the exception, if any, is the recorded
outcome (keras_history_error), and when it does not raise, what it holds is
observed. Example 3 compiles with loss='mse' and no metrics, so evaluate()
returns one scalar and the two-name unpacking can only fail: the
`ex3_with_accuracy_metric` variant adds metrics=['accuracy'] to test the
debugging route itself.
"""

CASE = {
    "title": "_keras_history on an outside tensor, on a compiled model's intermediate, and debugging without it",
    "source": {"kind": "seed", "doc": "001_9f54f8740deed471.txt",
               "title": "Why does a Keras tensor object lack the '_keras_history' attribute?",
               "frequency": {"reports": 14,
                             "reactions": 5,
                             "as_of": "2026-12-06",
                             "how": "issues searches for \"'Tensor' object has no attribute "
                                    "'_keras_history'\" with raw TF ops between layers, NER/BiLSTM and "
                                    "crf_loss: 14 threads where a tensor not produced by a Keras layer "
                                    "lacks _keras_history (keras#7362, keras#5166, recurrentshop, "
                                    "FusionMatting, tf_ResNeSt, bert4keras x2, plus 7 "
                                    "keras-contrib-CRF-in-fit threads); none shows a layer output losing "
                                    "it after compile(); 5 'same here' comments seen (pages corpus: "
                                    "nothing relevant)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "ex1_random_tensor_as_written": {
            "example": 1, "role": "demo",
            "title": "x = tf.random.normal((10, 784)); x._keras_history next to a compiled Sequential",
            "claim": {"text": "a tensor created independently of the model has no _keras_history: "
                              "AttributeError: 'Tensor' object has no attribute '_keras_history'",
                      "expect": {"outcome": "keras_history_error"}},
        },
        "ex2_functional_intermediate_as_written": {
            "example": 2, "role": "demo",
            "title": "x = Dense(64)(Input(784)) read after model.compile()",
            "claim": {"text": "accessing x._keras_history will most likely fail post-compilation "
                              "(AttributeError)",
                      "expect": {"outcome": "keras_history_error"}},
        },
        "ex3_debugging_as_written": {
            "example": 3, "role": "fix",
            "title": "layers[0](x_train), fit, then loss, accuracy = evaluate() with loss='mse' only",
            "claim": {"text": "calling layers on data and reading loss and accuracy from evaluate() "
                              "gives verifiable and reliable information",
                      "expect": {"outcome": "ok"}},
        },
        "ex3_with_accuracy_metric": {
            "example": 3, "role": "corrected",
            "title": "the same debugging route with metrics=['accuracy'] so evaluate() returns two values",
            "claim": {"text": "calling layers on data and reading loss and accuracy from evaluate() "
                              "gives verifiable and reliable information",
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _history_layer(history):
    """What a `_keras_history` holds: the name of the layer class that made the tensor."""
    return type(history[0]).__name__


def ex1_random_tensor_as_written(ctx):
    tf, keras = ctx.tf, ctx.keras
    model = keras.Sequential([
        keras.layers.Dense(64, activation='relu', input_shape=(784,)),
        keras.layers.Dense(10, activation='softmax')
    ])
    model.compile(optimizer='adam',
                  loss='categorical_crossentropy',
                  metrics=['accuracy'])

    # Create some sample input
    x = tf.random.normal((10, 784))

    # The article wraps this in try/except AttributeError and prints the error.
    history = x._keras_history
    ctx.observe("history_layer", _history_layer(history))
    model.summary()


def ex2_functional_intermediate_as_written(ctx):
    keras = ctx.keras
    input_tensor = keras.Input(shape=(784,))
    x = keras.layers.Dense(64, activation='relu')(input_tensor)
    output_tensor = keras.layers.Dense(10, activation='softmax')(x)
    model = keras.Model(inputs=input_tensor, outputs=output_tensor)
    model.compile(optimizer='adam',
                  loss='categorical_crossentropy',
                  metrics=['accuracy'])

    # The article wraps this in try/except AttributeError and prints the error.
    history = x._keras_history
    print(history)
    ctx.observe("history_layer", _history_layer(history))
    model.summary()


def _debugging_route(ctx, metrics):
    import numpy as np
    keras = ctx.keras
    model = keras.Sequential([
        keras.layers.Dense(64, activation='relu', input_shape=(784,)),
        keras.layers.Dense(10, activation='softmax')
    ])
    if metrics is None:
        model.compile(optimizer='adam', loss='mse')
    else:
        model.compile(optimizer='adam', loss='mse', metrics=metrics)

    # Generate sample data
    x_train = np.random.rand(100, 784)
    y_train = np.random.rand(100, 10)

    # Instead of accessing _keras_history, use layer outputs for debugging.
    layer_output = model.layers[0](x_train)  # Get output of the first layer
    print(layer_output.shape)  # Inspect the shape and values
    ctx.observe("layer_output_shape", [int(d) for d in layer_output.shape])

    # Evaluate the model and examine loss and metrics for debugging.
    model.fit(x_train, y_train, epochs=1)
    loss, accuracy = model.evaluate(x_train, y_train)
    print("Loss:", loss)
    print("Accuracy:", accuracy)


def ex3_debugging_as_written(ctx):
    _debugging_route(ctx, None)


def ex3_with_accuracy_metric(ctx):
    _debugging_route(ctx, ['accuracy'])
