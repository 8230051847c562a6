"""Known reports: a `.keras` model holding a custom layer class that is not registered does
not load: "TypeError: Could not locate class 'TokenAndPositionEmbedding'. Make sure custom
classes are decorated with `@keras.saving.register_keras_serializable()`".

keras-team/keras#19899 (Keras 3): the keras.io text-classification transformer's
`TokenAndPositionEmbedding` (maxlen, vocab_size, embed_dim), saved as `br_model.keras`,
then `models.load_model(...)` raises that TypeError. tensorflow/docs#2278 added
`@keras.saving.register_keras_serializable()` to a guide's custom model "because it shows
TypeError - Make sure custom classes are decorated ... while reloading the model after saving
as `.keras`", as the Keras serialization guide prescribes (or pass the class in
custom_objects). googlecolab/colabtools#4753 shows that the registration happens when the
decorated class is defined: loading in a fresh session that does not define it fails again.

The class is defined inside each variant (nothing can import it by its module path). The
report's traceback chains two TypeErrors ("Could not locate class ..." then, "During handling
of the above exception", the model's own); recent Keras 3 prints last "<class Functional>
could not be deserialized properly ... Exception encountered: Could not locate class ...", so
the claim accepts either first line.
"""

CASE = {
    "title": ".keras model with an unregistered custom layer: Could not locate class",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras/issues/19899",
                        "https://github.com/tensorflow/docs/pull/2278",
                        "https://github.com/googlecolab/colabtools/issues/4753"],
               "title": "The saved keras model cannot be loaded.",
               "frequency": {"reports": 11,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'TypeError: Could not locate class ... "
                                    "register_keras_serializable' and 'load_model .keras custom layer not "
                                    "registered fresh session': 11 threads (keras#19899 #21046, CREsted "
                                    "x4, colabtools#4753, frugally-deep#430, cerebros#259, "
                                    "handson-ml3#140, tensorflow/docs#2278), 1 'also ran into this' "
                                    "comment"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "load_unregistered_as_written": {
            "role": "broken",
            "title": "TokenAndPositionEmbedding (get_config, not registered) saved as .keras, "
                     "load_model without custom_objects",
            "claim": {"text": "TypeError: Could not locate class 'TokenAndPositionEmbedding'. Make sure "
                              "custom classes are decorated with "
                              "`@keras.saving.register_keras_serializable()`",
                      "versions": "Keras 3",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "TypeError",
                                 "message": "Could not locate class 'TokenAndPositionEmbedding'"
                                            "|could not be deserialized properly"}},
        },
        "registered": {
            "role": "fix",
            "title": "the class decorated with @keras.saving.register_keras_serializable(); save, "
                     "load_model, predict",
            "claim": {"text": "a registered custom class reloads from the .keras file",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "custom_objects": {
            "role": "fix",
            "title": "not registered, load_model(custom_objects={'TokenAndPositionEmbedding': cls})",
            "claim": {"text": "passing the class in custom_objects reloads the model",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
    },
}

MAXLEN, VOCAB, EMBED = 5, 20, 4


def _register(ctx):
    keras = ctx.keras
    saving = getattr(keras, "saving", None)
    register = getattr(saving, "register_keras_serializable", None)
    if register is None:  # tf.keras < 2.13 spells it keras.utils
        register = getattr(keras.utils, "register_keras_serializable", None)
    if register is None:
        ctx.skip("this Keras has no register_keras_serializable")
    return register


def _layer_class(ctx, registered):
    tf, keras = ctx.tf, ctx.keras
    layers = keras.layers

    class TokenAndPositionEmbedding(layers.Layer):
        def __init__(self, maxlen, vocab_size, embed_dim, **kwargs):
            super().__init__(**kwargs)
            self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
            self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)
            self.maxlen, self.vocab_size, self.embed_dim = maxlen, vocab_size, embed_dim

        def call(self, x):
            maxlen = tf.shape(x)[-1]
            positions = tf.range(start=0, limit=maxlen, delta=1)
            positions = self.pos_emb(positions)
            x = self.token_emb(x)
            return x + positions

        def get_config(self):
            config = super().get_config()
            config.update({"maxlen": self.maxlen, "vocab_size": self.vocab_size,
                           "embed_dim": self.embed_dim})
            return config

    if registered:
        TokenAndPositionEmbedding = _register(ctx)()(TokenAndPositionEmbedding)
    return TokenAndPositionEmbedding


def _save(ctx, cls):
    keras = ctx.keras
    inputs = keras.layers.Input(shape=(MAXLEN,), dtype="int32")
    x = cls(MAXLEN, VOCAB, EMBED)(inputs)
    outputs = keras.layers.Dense(2)(keras.layers.GlobalAveragePooling1D()(x))
    model = keras.models.Model(inputs, outputs)
    model.predict(_tokens())   # the model works before any saving (else: a setup error)
    model.save("br_model.keras")
    return model


def _tokens():
    import numpy as np
    return (np.arange(10, dtype="int32").reshape(2, MAXLEN) % VOCAB)


def _compare(ctx, model, loaded):
    import numpy as np
    same = np.allclose(model.predict(_tokens()), loaded.predict(_tokens()), atol=1e-5)
    ctx.observe("same_prediction", bool(same))


def load_unregistered_as_written(ctx):
    keras = ctx.keras
    model = _save(ctx, _layer_class(ctx, registered=False))
    with ctx.subject("load_model('br_model.keras')"):
        br_model = keras.models.load_model("br_model.keras")
        _compare(ctx, model, br_model)


def registered(ctx):
    keras = ctx.keras
    model = _save(ctx, _layer_class(ctx, registered=True))
    with ctx.subject("load_model('br_model.keras')"):
        br_model = keras.models.load_model("br_model.keras")
        _compare(ctx, model, br_model)


def custom_objects(ctx):
    keras = ctx.keras
    cls = _layer_class(ctx, registered=False)
    model = _save(ctx, cls)
    with ctx.subject("load_model('br_model.keras', custom_objects=...)"):
        br_model = keras.models.load_model("br_model.keras",
                                           custom_objects={"TokenAndPositionEmbedding": cls})
        _compare(ctx, model, br_model)
