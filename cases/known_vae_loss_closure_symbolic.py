"""Known root cause: the Keras 2 VAE example - a loss function that closes over the
encoder's symbolic tensors `z_mean` / `z_log_var` - compiled and fitted with tf.keras.

keras-team/keras's keras-2 `examples/variational_autoencoder.py` defines
`vae_loss(x, x_decoded_mean)` using `z_mean` and `z_log_var` from the enclosing scope and
`vae.compile(optimizer='rmsprop', loss=vae_loss)`. tensorflow#40336 (TF 2.2): copied to
tf.keras, fit fails with "_SymbolicException: Inputs to eager execution function cannot
be Keras symbolic tensors" (standalone keras works). nathanhubens/Autoencoders#3
(2021) reports "TypeError: Cannot convert a symbolic Keras input/output to a numpy
array" for the same pattern and, in a 2023 answer, fixes it by adding the loss tensor
with `vae.add_loss(...)` and compiling without a loss (after bojone/vae). The TF 2.0
advice in tensorflow/probability#519 is `compile(..., experimental_run_tf_function=False)`.
Tiny sizes: original_dim 6, latent_dim 2, 8 samples, one epoch.
"""

CASE = {
    "title": "VAE loss closing over z_mean / z_log_var (Keras 2 example) compiled with tf.keras",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/40336",
                        "https://github.com/nathanhubens/Autoencoders/issues/3",
                        "https://github.com/tensorflow/probability/issues/519",
                        "https://github.com/keras-team/keras/blob/keras-2/examples/variational_autoencoder.py"],
               "title": "Inputs to eager execution function cannot be Keras symbolic tensors (VAE loss)",
               "frequency": {"reports": 14,
                             "as_of": "2026-12-06",
                             "how": "issues search 'VAE loss z_mean z_log_var Inputs to eager execution "
                                    "function cannot be Keras symbolic tensors' (+ 'Cannot convert a "
                                    "symbolic Keras input/output to a numpy array' custom-loss hits): 9 "
                                    "VAE threads (tensorflow#40336, probability #519 #911, "
                                    "rstudio/keras3#1058, text_VAE, VQ-VAE, ruta, 3d-mri-brain-tumor, "
                                    "Autoencoders#3) + 5 losses closing over other symbolic tensors "
                                    "(keras#14651, keract#142, tensorflow #50678 #38056, "
                                    "rstudio/keras3#1008)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "vae_loss_closure_tf22": {
            "role": "broken",
            "title": "compile(loss=vae_loss) with vae_loss using z_mean / z_log_var; fit",
            "claim": {"text": "fit raises _SymbolicException: Inputs to eager execution function cannot "
                              "be Keras symbolic tensors",
                      "versions": "TensorFlow 2.2 with tf.keras (tensorflow#40336)",
                      "scope": {"tf": ">=2.2,<2.4"},
                      "expect": {"error_type": "_SymbolicException",
                                 "message": "Inputs to eager execution function cannot be Keras symbolic tensors"}},
        },
        "vae_loss_closure_tf24": {
            "role": "broken",
            "title": "the same code (claim of the 2021 report)",
            "claim": {"text": "fit raises TypeError: Cannot convert a symbolic Keras input/output to a "
                              "numpy array",
                      "versions": "tf.keras, 2021 (nathanhubens/Autoencoders#3; tensorflow#47311 TF 2.4)",
                      "scope": {"tf": ">=2.4", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "TypeError",
                                 "message": "Cannot convert a symbolic Keras input/output to a numpy array"}},
        },
        "add_loss_instead": {
            "role": "fix",
            "title": "vae.add_loss(K.mean(xent_loss + kl_loss)); compile(optimizer) without loss; fit(x, None)",
            "claim": {"text": "adding the VAE loss with add_loss and compiling without a loss trains",
                      "versions": "tf.keras, 2023 (nathanhubens/Autoencoders#3, sunwucheng)",
                      "scope": {"flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"outcome": "ok"}},
        },
        "experimental_run_tf_function_false": {
            "role": "fix",
            "title": "the closure loss with compile(..., experimental_run_tf_function=False)",
            "claim": {"text": "with experimental_run_tf_function=False the errors go away",
                      "versions": "TF 2.0 preview (tensorflow/probability#519)",
                      "scope": {"tf": ">=2.0,<2.2"},
                      "expect": {"outcome": "ok"}},
        },
    },
}

ORIGINAL_DIM = 6
INTERMEDIATE_DIM = 4
LATENT_DIM = 2
EPSILON_STD = 1.0


def _vae(ctx):
    """The keras-2 example's graph: (x, x_decoded_mean, z_mean, z_log_var)."""
    keras = ctx.keras
    K = keras.backend
    Input, Dense, Lambda = keras.layers.Input, keras.layers.Dense, keras.layers.Lambda
    x = Input(shape=(ORIGINAL_DIM,))
    h = Dense(INTERMEDIATE_DIM, activation='relu')(x)
    z_mean = Dense(LATENT_DIM)(h)
    z_log_var = Dense(LATENT_DIM)(h)

    def sampling(args):
        z_mean, z_log_var = args
        epsilon = K.random_normal(shape=(K.shape(z_mean)[0], LATENT_DIM), mean=0.,
                                  stddev=EPSILON_STD)
        return z_mean + K.exp(z_log_var / 2) * epsilon

    z = Lambda(sampling, output_shape=(LATENT_DIM,))([z_mean, z_log_var])
    decoder_h = Dense(INTERMEDIATE_DIM, activation='relu')
    decoder_mean = Dense(ORIGINAL_DIM, activation='sigmoid')
    x_decoded_mean = decoder_mean(decoder_h(z))
    return x, x_decoded_mean, z_mean, z_log_var


def _data():
    import numpy as np
    return (np.random.RandomState(0).rand(8, ORIGINAL_DIM) > 0.5).astype("float32")


def _closure_fit(ctx, **compile_kwargs):
    keras = ctx.keras
    K = keras.backend
    metrics = keras.metrics
    x, x_decoded_mean, z_mean, z_log_var = _vae(ctx)

    def vae_loss(x, x_decoded_mean):
        xent_loss = ORIGINAL_DIM * metrics.binary_crossentropy(x, x_decoded_mean)
        kl_loss = - 0.5 * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)
        return K.mean(xent_loss + kl_loss)

    vae = keras.models.Model(x, x_decoded_mean)
    x_train = _data()
    with ctx.subject("compile + fit"):
        vae.compile(optimizer='rmsprop', loss=vae_loss, **compile_kwargs)
        vae.fit(x_train, x_train, shuffle=True, epochs=1, batch_size=4, verbose=0)


def vae_loss_closure_tf22(ctx):
    _closure_fit(ctx)


def vae_loss_closure_tf24(ctx):
    _closure_fit(ctx)


def add_loss_instead(ctx):
    keras = ctx.keras
    K = keras.backend
    metrics = keras.metrics
    x, x_decoded_mean, z_mean, z_log_var = _vae(ctx)
    vae = keras.models.Model(x, x_decoded_mean)
    x_train = _data()
    with ctx.subject("add_loss + compile + fit"):
        xent_loss = ORIGINAL_DIM * metrics.binary_crossentropy(x, x_decoded_mean)
        kl_loss = - 0.5 * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var), axis=-1)
        vae_loss = K.mean(xent_loss + kl_loss)
        vae.add_loss(vae_loss)
        vae.compile(optimizer='rmsprop')
        vae.fit(x_train, None, shuffle=True, epochs=1, batch_size=4, verbose=0)


def experimental_run_tf_function_false(ctx):
    _closure_fit(ctx, experimental_run_tf_function=False)
