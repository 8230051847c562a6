"""Known reports: `CuDNNLSTM` (the GPU-only LSTM layer of Keras 2.x / TF 1.x) in TensorFlow 2:
"AttributeError: module 'tensorflow.keras.layers' has no attribute 'CuDNNLSTM'".

tensorflow/tensorflow#28232 and #28026 (TF 2.0 alpha: the LSTM warning still suggested the
removed layer), google-research/google-research#413, FlorentF9/DeepTemporalClustering#15
("Keras (2.4.0) and Tensorflow (2.4) ... I can't load CuDNNLSTM"; the maintainer: "It seems
like CuDNNLSTM does not exist anymore and has been superseded by LSTM", confirmed: "change
CuDNNLSTM to LSTM works"), BShakhovsky/PolyphonicPianoTranscription#4 ("cannot import name
'CuDNNLSTM'"), keras-team/keras#13579 (keras 2.3.1 standalone on TF 2 fails inside, and the
answer: TF 2's LSTM picks the cuDNN kernel itself when its arguments allow it).

The broken variant builds a small sequence model with the layer (building is the step the
reports fail at; the layer would need a GPU to run). The fix swaps in LSTM and fits one step.
"""

CASE = {
    "title": "keras.layers.CuDNNLSTM in TensorFlow 2, and LSTM as its replacement",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/28232",
                        "https://github.com/google-research/google-research/issues/413",
                        "https://github.com/FlorentF9/DeepTemporalClustering/issues/15",
                        "https://github.com/BShakhovsky/PolyphonicPianoTranscription/issues/4",
                        "https://github.com/keras-team/keras/issues/13579"],
               "title": "AttributeError: module 'tensorflow.keras.layers' has no attribute 'CuDNNLSTM'",
               "frequency": {"reports": 9,
                             "as_of": "2026-12-06",
                             "how": "issues search \"has no attribute 'CuDNNLSTM'\" / 'cannot import name "
                                    "CuDNNLSTM' / 'cuDNNLSTM Tensorflow 2': 9 threads in 7 repos"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "cudnnlstm_as_written": {
            "role": "broken",
            "title": "Sequential([CuDNNLSTM(4, input_shape=(5, 3)), Dense(1)])",
            "claim": {"text": "AttributeError: module 'tensorflow.keras.layers' has no attribute "
                              "'CuDNNLSTM'",
                      "versions": "TF 2.0 alpha (tensorflow#28232), TF 2.4 / Keras 2.4 "
                                  "(DeepTemporalClustering#15)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError", "message": "CuDNNLSTM"}},
        },
        "lstm_instead": {
            "role": "fix",
            "title": "the same model with LSTM(4); fit one step",
            "claim": {"text": "CuDNNLSTM has been superseded by LSTM: change CuDNNLSTM to LSTM works",
                      "versions": "Keras 2.4 / TF 2.4 (DeepTemporalClustering#15)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _data():
    import numpy as np
    rng = np.random.RandomState(0)
    return rng.rand(4, 5, 3).astype("float32"), rng.rand(4, 1).astype("float32")


def cudnnlstm_as_written(ctx):
    keras = ctx.keras
    with ctx.subject("build a model with CuDNNLSTM"):
        model = keras.models.Sequential([keras.layers.CuDNNLSTM(4, input_shape=(5, 3)),
                                         keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
    ctx.observe("built", True)


def lstm_instead(ctx):
    keras = ctx.keras
    x, y = _data()
    with ctx.subject("build a model with LSTM, fit"):
        model = keras.models.Sequential([keras.layers.LSTM(4, input_shape=(5, 3)),
                                         keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(x, y, batch_size=4, epochs=1, verbose=0)
