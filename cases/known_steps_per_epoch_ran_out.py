"""Known root cause: `steps_per_epoch` larger than what the input yields per pass (a Keras
Sequence / `ImageDataGenerator.flow_from_directory` iterator of N batches with steps_per_epoch >
N, or a `tf.data.Dataset` without `.repeat()` and an explicit steps_per_epoch). Old Keras
`fit_generator` cycled through a Sequence forever; from TF 2.1 `fit` treats it as finite and
stops: "WARNING:tensorflow:Your input ran out of data; interrupting training. Make sure that your
dataset or generator can generate at least `steps_per_epoch * epochs` batches ... You may need
to use the repeat() function when building your dataset." Training ends early, without an error.

fchollet/deep-learning-with-python-notebooks#152 (notebook 5.14, data-augmentation generators):
with `batch_size=32` and `steps_per_epoch=100` over 2000 images, "63/100 ... WARNING: Your input
ran out of data; interrupting training"; "Steps per epoch should be equal to
sample//batch_size". williamfzc/stagesepx#145: "after tensorflow 2.1". zxq2233/n2n-watermark-remove#10:
"I hit it with tf2 too; downgrading tf to 1.14 works" (translated). frankkramer-lab/aucmedi#189:
"DataGenerator can not iterate multiple times over dataset in a single epoch anymore".
fizyr/keras-retinanet#1449: lower `--steps` to len(dataset)/batch_size, or leave steps None and
"Tensorflow(keras) will calculate proper step automatically". keras-team/keras-io#285,
vanvalenlab/deepcell-tf#519, abhi8893/tensorflow-deep-learning-mrdbourke#70 (a tf.data.Dataset
stops at epoch 11 of 50), tensorflow#64476 (TF 2.15) show the same warning.

Tiny data: 8 samples, batch 4 (2 batches per pass), 2 epochs. Effect `all_steps_trained`:
a callback counted steps_per_epoch * epochs training batches.
"""

CASE = {
    "title": "steps_per_epoch beyond the data (Sequence / un-repeated tf.data): 'Your input ran out of data'",
    "source": {"kind": "known",
               "refs": ["https://github.com/fchollet/deep-learning-with-python-notebooks/issues/152",
                        "https://github.com/williamfzc/stagesepx/issues/145",
                        "https://github.com/zxq2233/n2n-watermark-remove/issues/10",
                        "https://github.com/frankkramer-lab/aucmedi/issues/189",
                        "https://github.com/fizyr/keras-retinanet/issues/1449",
                        "https://github.com/abhi8893/tensorflow-deep-learning-mrdbourke/issues/70",
                        "https://github.com/tensorflow/tensorflow/issues/64476"],
               "title": "WARNING:tensorflow:Your input ran out of data; interrupting training",
               "frequency": {"reports": 12, "as_of": "2026-12-06",
                             "how": "issues search 'Your input ran out of data; interrupting training': "
                                    "deepcell-tf#519, stagesepx#145, keras-io#285, n2n-watermark-remove#10, "
                                    "tensorflow-deep-learning-mrdbourke#70, aucmedi#189, "
                                    "keras-retinanet#1449, #1556, Retinanet-Tutorial#17, tensorflow#64476, "
                                    "deep-learning-with-python-notebooks#152, ernie#6"}},
    "applies_to": {"backends": ["tensorflow", "jax", "torch"]},
    "variants": {
        "sequence_steps_beyond_length": {
            "role": "broken",
            "title": "DLwP 5.14 pattern: a Sequence of 2 batches (flow_from_directory stand-in), "
                     "fit(seq, steps_per_epoch=3, epochs=2)",
            "effects": ["all_steps_trained"],
            "claim": {"text": "Your input ran out of data; interrupting training: the generator cannot "
                              "generate steps_per_epoch * epochs batches",
                      "versions": "after tensorflow 2.1 (stagesepx#145); TF 2.x "
                                  "(deep-learning-with-python-notebooks#152, aucmedi#189)",
                      "scope": {"tf": ">=2.1"},
                      "expect": {"outcome": "silent_failure", "effects": {"all_steps_trained": "no"}}},
        },
        "sequence_steps_beyond_length_tf1": {
            "role": "root_cause",
            "title": "the same Sequence and steps with TF 1.x-era Keras (fit_generator where fit takes no "
                     "generators)",
            "effects": ["all_steps_trained"],
            "claim": {"text": "with TF 1.14 the same training runs (downgrading fixes it)",
                      "versions": "TF 1.14 (n2n-watermark-remove#10)",
                      "scope": {"tf": "<2"},
                      "expect": {"outcome": "ok", "effects": {"all_steps_trained": "yes"}}},
        },
        "dataset_no_repeat_steps": {
            "role": "broken",
            "title": "tf.data.Dataset of 2 batches without .repeat(), fit(ds, steps_per_epoch=3, epochs=2)",
            "effects": ["all_steps_trained"],
            "claim": {"text": "Your input ran out of data; interrupting training ... You may need to use "
                              "the repeat() function when building your dataset",
                      "versions": "TF 2.x (keras-io#285, tensorflow#64476 TF 2.15)",
                      "scope": {"tf": ">=2.1"},
                      "expect": {"outcome": "silent_failure", "effects": {"all_steps_trained": "no"}}},
        },
        "dataset_repeat": {
            "role": "fix",
            "title": "the same dataset with .repeat(), fit(ds, steps_per_epoch=3, epochs=2)",
            "effects": ["all_steps_trained"],
            "claim": {"text": "use the repeat() function when building your dataset",
                      "versions": "the warning's own advice (TF 2.x)",
                      "scope": {"tf": ">=2.1"},
                      "expect": {"outcome": "ok", "effects": {"all_steps_trained": "yes"}}},
        },
        "steps_per_epoch_none": {
            "role": "fix",
            "title": "fit(seq, epochs=2) without steps_per_epoch (Keras uses len(seq))",
            "effects": ["all_steps_trained"],
            "claim": {"text": "leave steps None: Tensorflow (keras) will calculate the proper steps "
                              "automatically",
                      "versions": "keras-retinanet#1449 (TF 2.3, 2020)",
                      "scope": {"tf": ">=2.1"},
                      "expect": {"outcome": "ok", "effects": {"all_steps_trained": "yes"}}},
        },
    },
}

EPOCHS = 2


def _model_and_data(ctx):
    import numpy as np
    keras = ctx.keras
    model = keras.models.Sequential([keras.layers.Dense(1, input_shape=(3,))])
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.RandomState(0)
    return model, rng.rand(8, 3).astype("float32"), rng.rand(8, 1).astype("float32")


def _counter(ctx):
    keras = ctx.keras

    class BatchCounter(keras.callbacks.Callback):
        batches = 0

        def on_batch_end(self, batch, logs=None):
            BatchCounter.batches += 1

    return BatchCounter


def _sequence(ctx, x, y):
    keras = ctx.keras

    class Batches(keras.utils.Sequence):       # stands for ImageDataGenerator.flow_from_directory
        def __len__(self):
            return 2

        def __getitem__(self, idx):
            return x[idx * 4:(idx + 1) * 4], y[idx * 4:(idx + 1) * 4]

    return Batches()


def _fit(ctx, model, data, expected, **kwargs):
    counter = _counter(ctx)
    if hasattr(data, "__getitem__") and ctx.flavour == "keras-standalone":
        model.fit_generator(data, epochs=EPOCHS, verbose=0, callbacks=[counter()], **kwargs)
    else:
        model.fit(data, epochs=EPOCHS, verbose=0, callbacks=[counter()], **kwargs)
    ctx.observe("batches_trained", counter.batches)
    ctx.effect("all_steps_trained", counter.batches == expected)


def sequence_steps_beyond_length(ctx):
    model, x, y = _model_and_data(ctx)
    seq = _sequence(ctx, x, y)
    with ctx.subject("fit(seq, steps_per_epoch=3)"):
        _fit(ctx, model, seq, 3 * EPOCHS, steps_per_epoch=3)


def sequence_steps_beyond_length_tf1(ctx):
    sequence_steps_beyond_length(ctx)


def _dataset(ctx, x, y):
    tf = ctx.tf
    if tf is None or not hasattr(tf, "data") or not ctx.eager:
        ctx.skip("needs tf.data with eager TF 2 fit")
    return tf.data.Dataset.from_tensor_slices((x, y)).batch(4)


def dataset_no_repeat_steps(ctx):
    model, x, y = _model_and_data(ctx)
    ds = _dataset(ctx, x, y)
    with ctx.subject("fit(ds, steps_per_epoch=3)"):
        _fit(ctx, model, ds, 3 * EPOCHS, steps_per_epoch=3)


def dataset_repeat(ctx):
    model, x, y = _model_and_data(ctx)
    ds = _dataset(ctx, x, y).repeat()
    with ctx.subject("fit(ds.repeat(), steps_per_epoch=3)"):
        _fit(ctx, model, ds, 3 * EPOCHS, steps_per_epoch=3)


def steps_per_epoch_none(ctx):
    model, x, y = _model_and_data(ctx)
    seq = _sequence(ctx, x, y)
    with ctx.subject("fit(seq)"):
        _fit(ctx, model, seq, 2 * EPOCHS)
