"""Known root cause: `len()` on a model's symbolic output (a single tensor, not a list), as
keras-rl's agents do to check for one output: `if hasattr(model.output, '__len__') and
len(model.output) > 1: raise ValueError(...)`.

With Keras 2.x on TF 1 the symbolic tf.Tensor has no `__len__` and the check is skipped. Under
TF 2.0-2.3 tf.keras the output is a graph tf.Tensor whose `__len__` raises "TypeError: len is not
well defined for symbolic Tensors. (activation_3/Softsign:0) Please call `x.shape` rather than
`len(x)` for shape information." (jmpf2018/ShipAI#2, TF 2.0.0b1 / 1.15 with keras-rl); from TF 2.4
the functional API's KerasTensor raises "TypeError: Keras symbolic inputs/outputs do not
implement `__len__`. You may be trying to pass Keras symbolic inputs/outputs to a TF API that
does not register dispatching ... This error will also get raised if you try asserting a
symbolic input/output directly." (CodeLogist/RL-Forex-trader-LSTM#57 running keras-rl's
deep_dqn_rl_trader.py; BenWhetton/keras-surgeon#61 "I had the same error with TF2.4.0 and
TF2.5.0. Downgrading to TF2.3.0 fixed the problem", #69, #58; git-disl/TOG#12;
pydsgz/DeepVOG#15; AlexanderLutsenko/nobuco#22). keras-rl/keras-rl#353 fixes the check with
`len(model.outputs)` ("the model.outputs will put tensor information in a list, which has a
well-defined __len__ method"); the TF 2.0 message says to use `x.shape`.

Model: Input(3) -> Dense(2), the DQN check copied from keras-rl's DQNAgent.__init__.
"""

CASE = {
    "title": "len(model.output) on a symbolic tensor (keras-rl DQN check): 'do not implement __len__'",
    "source": {"kind": "known",
               "refs": ["https://github.com/CodeLogist/RL-Forex-trader-LSTM/issues/57",
                        "https://github.com/jmpf2018/ShipAI/issues/2",
                        "https://github.com/BenWhetton/keras-surgeon/issues/61",
                        "https://github.com/BenWhetton/keras-surgeon/issues/69",
                        "https://github.com/git-disl/TOG/issues/12",
                        "https://github.com/keras-rl/keras-rl/pull/353"],
               "title": "TypeError: Keras symbolic inputs/outputs do not implement `__len__`",
               "frequency": {"reports": 9, "as_of": "2026-12-06",
                             "how": "issues searches 'Keras symbolic inputs/outputs do not implement "
                                    "__len__', 'len is not well defined for symbolic Tensors': "
                                    "keras-surgeon#58, #61, #69, nobuco#22, TOG#12, "
                                    "RL-Forex-trader-LSTM#57, DeepVOG#15, keras#19754, ShipAI#2 (a "
                                    "held-out keras-surgeon report not counted)"}},
    "variants": {
        "dqn_output_check_as_written": {
            "role": "broken",
            "title": "keras-rl DQNAgent: if hasattr(model.output, '__len__') and len(model.output) > 1: "
                     "raise ValueError",
            "claim": {"text": "TypeError: len is not well defined for symbolic Tensors (TF 2.0); TypeError: "
                              "Keras symbolic inputs/outputs do not implement `__len__` (TF 2.4+)",
                      "versions": "TF 2.0.0b1 (ShipAI#2); TF 2.4 / 2.5 (keras-surgeon#61); 2023 "
                                  "(RL-Forex-trader-LSTM#57)",
                      "scope": {"tf": ">=2.0", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "TypeError",
                                 "message": "len is not well defined for symbolic Tensors|Keras symbolic "
                                            "inputs/outputs do not implement `__len__`"}},
        },
        "dqn_check_tf23": {
            "role": "root_cause",
            "title": "the same check where TF < 2.4 (before KerasTensors)",
            "claim": {"text": "Downgrading to TF2.3.0 fixed the problem",
                      "versions": "TF 2.3.0 (keras-surgeon#61)",
                      "scope": {"tf": ">=2.0,<2.4"},
                      "expect": {"outcome": "ok"}},
        },
        "len_outputs_list": {
            "role": "fix",
            "title": "keras-rl#353: if len(model.outputs) > 1 (the list of outputs)",
            "claim": {"text": "model.outputs is a list, which has a well-defined __len__",
                      "versions": "keras-rl#353 (TF 2.0, 2020)",
                      "expect": {"outcome": "ok", "observed": {"n_outputs": 1}}},
        },
        "shape_instead_of_len": {
            "role": "fix",
            "title": "the error's advice: read model.output.shape instead of len(model.output)",
            "claim": {"text": "Please call `x.shape` rather than `len(x)` for shape information",
                      "versions": "TF 2.0 message (ShipAI#2)",
                      "expect": {"outcome": "ok", "observed": {"output_dims": 2}}},
        },
    },
}


def _model(ctx):
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    outputs = keras.layers.Dense(2)(inputs)
    return keras.models.Model(inputs, outputs)


def _dqn_check(ctx):
    model = _model(ctx)
    with ctx.subject("DQNAgent input validation"):
        # Validate (important) input.
        if hasattr(model.output, '__len__') and len(model.output) > 1:
            raise ValueError('Model "{}" has more than one output. DQN expects a model that has a '
                             'single output.'.format(model))
    ctx.observe("has_len", hasattr(model.output, '__len__'))


def dqn_output_check_as_written(ctx):
    _dqn_check(ctx)


def dqn_check_tf23(ctx):
    _dqn_check(ctx)


def len_outputs_list(ctx):
    model = _model(ctx)
    with ctx.subject("len(model.outputs)"):
        if len(model.outputs) > 1:
            raise ValueError('Model "{}" has more than one output.'.format(model))
    ctx.observe("n_outputs", len(model.outputs))


def shape_instead_of_len(ctx):
    model = _model(ctx)
    with ctx.subject("model.output.shape"):
        shape = tuple(model.output.shape)
    ctx.observe("output_dims", int(shape[-1]))
