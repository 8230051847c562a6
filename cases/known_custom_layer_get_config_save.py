"""Known reports: saving a model whose custom layer takes constructor arguments but has no
`get_config()` raises NotImplementedError.

keras-team/keras-io#894 (the neural machine translation example, 2022): "model.save doesn't
work without these changes: NotImplementedError: Layer PositionalEmbedding has arguments
['self', 'sequence_length', 'vocab_size', 'embed_dim'] in `__init__` and therefore must
override `get_config()`", fixed by adding a get_config that returns them; the same error in
tensorflow/tensorflow#33947 (TF 2.0: "Layers with arguments in `__init__` must override
`get_config`"), mvoelk/keras_layers#1 and titu1994/tf_SIREN#7 ("when saving model and
weighting"). The saved file then needs the class back at load time (custom_objects).

The layer is the example's PositionalEmbedding (a token and a position Embedding), in a tiny
model saved to HDF5; the class is defined inside each variant. `keras_format` is the same
model saved in the `.keras` format, on which the sources say nothing (Keras 3's base
get_config records simple constructor arguments itself).
"""

CASE = {
    "title": "model.save with a custom layer that has __init__ arguments but no get_config",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras-io/pull/894",
                        "https://github.com/tensorflow/tensorflow/issues/33947",
                        "https://github.com/mvoelk/keras_layers/issues/1",
                        "https://github.com/titu1994/tf_SIREN/pull/7"],
               "title": "added getconfig in neural machine translation",
               "frequency": {"reports": 15,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'Layer has arguments in __init__ and therefore must "
                                    "override get_config' and 'NotImplementedError must override "
                                    "get_config model.save ModelCheckpoint': 15 threads in 13 repos "
                                    "(tensorflow#33947 #39793, keras-io#894, keras-bert x2, Time2Vec, "
                                    "keras_layers, tf_SIREN, 3D-Attention-Keras, "
                                    "Hyperspectral-Image-Segmentation, kymatio, tf2-transformer-chatbot, "
                                    "2 fix PRs)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "save_h5_as_written": {
            "role": "broken",
            "title": "PositionalEmbedding(sequence_length, vocab_size, embed_dim) without get_config; "
                     "model.save('model.h5')",
            "claim": {"text": "NotImplementedError: Layer PositionalEmbedding has arguments ... in "
                              "`__init__` and therefore must override `get_config()`",
                      "versions": "tf.keras 2.x (keras-io example, 2022); TF 2.0 (#33947)",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "NotImplementedError",
                                 "message": "must override `get_config"}},
        },
        "with_get_config": {
            "role": "fix",
            "title": "the layer with the get_config of keras-io#894; save .h5, load with "
                     "custom_objects, predict",
            "claim": {"text": "with get_config returning the constructor arguments the model saves "
                              "(and loads back with the class given)",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "keras_format": {
            "role": "demo",
            "title": "the layer without get_config, model.save('model.keras'), load with custom_objects",
        },
    },
}

SEQ, VOCAB, EMBED = 5, 20, 4


def _layer_class(ctx, with_config):
    tf, keras = ctx.tf, ctx.keras
    layers = keras.layers

    class PositionalEmbedding(layers.Layer):
        def __init__(self, sequence_length, vocab_size, embed_dim, **kwargs):
            super().__init__(**kwargs)
            self.token_embeddings = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
            self.position_embeddings = layers.Embedding(input_dim=sequence_length,
                                                        output_dim=embed_dim)
            self.sequence_length = sequence_length
            self.vocab_size = vocab_size
            self.embed_dim = embed_dim

        def call(self, inputs):
            length = tf.shape(inputs)[-1]
            positions = tf.range(start=0, limit=length, delta=1)
            embedded_tokens = self.token_embeddings(inputs)
            embedded_positions = self.position_embeddings(positions)
            return embedded_tokens + embedded_positions

        if with_config:
            def get_config(self):
                config = super().get_config()
                config.update({
                    "sequence_length": self.sequence_length,
                    "vocab_size": self.vocab_size,
                    "embed_dim": self.embed_dim,
                })
                return config

    return PositionalEmbedding


def _model(ctx, PositionalEmbedding):
    keras = ctx.keras
    inputs = keras.layers.Input(shape=(SEQ,), dtype="int64")
    x = PositionalEmbedding(SEQ, VOCAB, EMBED)(inputs)
    outputs = keras.layers.Dense(2)(keras.layers.Flatten()(x))
    return keras.models.Model(inputs, outputs)


def _tokens():
    import numpy as np
    return np.arange(10, dtype="int64").reshape(2, SEQ) % VOCAB


def _round_trip(ctx, PositionalEmbedding, path):
    import numpy as np
    keras = ctx.keras
    model = _model(ctx, PositionalEmbedding)
    model.predict(_tokens())   # the model works before any saving (else: a setup error)
    with ctx.subject("model.save('%s') + load_model" % path):
        model.save(path)
        ctx.observe("saved", True)
        loaded = keras.models.load_model(
            path, custom_objects={"PositionalEmbedding": PositionalEmbedding})
        same = np.allclose(model.predict(_tokens()), loaded.predict(_tokens()), atol=1e-5)
        ctx.observe("same_prediction", bool(same))


def save_h5_as_written(ctx):
    _round_trip(ctx, _layer_class(ctx, with_config=False), "model.h5")


def with_get_config(ctx):
    _round_trip(ctx, _layer_class(ctx, with_config=True), "model.h5")


def keras_format(ctx):
    _round_trip(ctx, _layer_class(ctx, with_config=False), "model.keras")
