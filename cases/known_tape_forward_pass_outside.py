"""Known root cause: the model's forward pass runs before / outside the `tf.GradientTape`
block; only the loss is computed inside, so the tape never recorded the path from the
weights to the loss: every gradient is None and `optimizer.apply_gradients` raises
"ValueError: No gradients provided for any variable".

keras-team/keras-io#406 (TF 2.x, the Actor Critic example): moving the `with
tf.GradientTape() as tape:` line down to where the losses are summed gives "ValueError: No
gradients provided for any variable: ['dense/kernel:0', ...]"; the answer: "gradient tape
hasn't watched the forward pass `action_probs, critic_value = model(state)`".
ftramer/ensemble-adv-training#4 (TF 2.0 alpha) calls `train_step(logits, labels)`, whose
`cnn_tape` only sees the loss computed from the `logits` handed in: the same ValueError from
`apply_gradients`. tensorflow#31265 (TF 2.0 beta): "you are using the
GradientTape wrong. The schematic correct way is ... `with tf.GradientTape() as tape:
prediction = model(data); loss = loss(prediction)`".

Model: Input(4) -> Dense(8) -> Dense(2) (tiny stand-ins for the actor-critic net and the
CNN). Gradient recorded: `kernel`, the first layer's kernel (it must be there).
"""

CASE = {
    "title": "Forward pass outside the GradientTape: None gradients, 'No gradients provided for any variable'",
    "source": {"kind": "known",
               "refs": ["https://github.com/keras-team/keras-io/issues/406",
                        "https://github.com/ftramer/ensemble-adv-training/issues/4",
                        "https://github.com/tensorflow/tensorflow/issues/31265"],
               "title": "ValueError: No gradients provided for any variable (custom training loop)",
               "frequency": {"reports": 3, "as_of": "2026-12-06",
                             "how": "issues searches 'No gradients provided for any variable custom "
                                    "training loop', 'model called outside GradientTape', 'tape hasn't "
                                    "watched the forward pass': keras-io#406, "
                                    "ensemble-adv-training#4, tensorflow#31265; threads where the cause "
                                    "was not stated not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "tape_moved_below_forward_pass": {
            "role": "broken",
            "title": "keras-io#406: outputs = model(state) recorded in a list, then `with tape:` only "
                     "around loss_value = sum(losses); tape.gradient; apply_gradients",
            "grads": ["kernel"],
            "claim": {"text": "ValueError: No gradients provided for any variable: the tape hasn't "
                              "watched the forward pass",
                      "versions": "TF 2.x (keras-io#406, tensorflow_core traceback: TF 2.0/2.1)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "ValueError",
                                 "message": "No gradients provided for any variable"}},
        },
        "logits_passed_into_step": {
            "role": "broken",
            "title": "ensemble-adv-training#4: logits = model(images) outside; train_step(logits, labels) "
                     "opens the tape and computes only the loss",
            "grads": ["kernel"],
            "claim": {"text": "apply_gradients raises ValueError: No gradients provided for any variable",
                      "versions": "TF 2.0 alpha (optimizer_v2, ensemble-adv-training#4)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "ValueError",
                                 "message": "No gradients provided for any variable"}},
        },
        "forward_pass_inside_tape": {
            "role": "fix",
            "title": "prediction = model(data) and the loss both inside the tape; gradient; apply_gradients",
            "grads": ["kernel"],
            "effects": ["kernel_updated"],
            "claim": {"text": "transform the data and compute the loss with the tape recording gradients",
                      "versions": "TF 2.0 beta (tensorflow#31265)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "grads": {"kernel": "ok"},
                                 "effects": {"kernel_updated": "yes"}}},
        },
    },
}


def _setup(ctx):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    if not ctx.eager:
        ctx.skip("a TF 2 eager custom training loop; this TensorFlow runs graph mode")
    inputs = keras.layers.Input((4,))
    hidden = keras.layers.Dense(8, activation="relu", kernel_initializer="ones")(inputs)
    outputs = keras.layers.Dense(2)(hidden)
    model = keras.models.Model(inputs, outputs)
    rng = np.random.RandomState(0)
    data = tf.constant(rng.rand(4, 4).astype("float32"))
    labels = tf.constant([0, 1, 1, 0])
    loss_object = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = keras.optimizers.Adam(0.01)
    return model, data, labels, loss_object, optimizer


def _apply(ctx, model, optimizer, grads):
    import numpy as np
    ctx.grad("kernel", grads[0])
    before = ctx.evaluate(model.trainable_variables[0]).copy()
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    ctx.effect("kernel_updated", not np.allclose(before, ctx.evaluate(model.trainable_variables[0])))


def tape_moved_below_forward_pass(ctx):
    tf = ctx.tf
    model, data, labels, loss_object, optimizer = _setup(ctx)
    with ctx.subject("forward pass, tape, apply_gradients"):
        losses = []
        for step in range(2):
            logits = model(data[step * 2:(step + 1) * 2])
            losses.append(loss_object(labels[step * 2:(step + 1) * 2], logits))
        with tf.GradientTape() as tape:
            loss_value = sum(losses)
        grads = tape.gradient(loss_value, model.trainable_variables)
        _apply(ctx, model, optimizer, grads)


def logits_passed_into_step(ctx):
    tf = ctx.tf
    model, data, labels, loss_object, optimizer = _setup(ctx)

    def train_step(logits, labels):
        with tf.GradientTape() as cnn_tape:
            loss = loss_object(labels, logits)
        gradient_of_cnn = cnn_tape.gradient(loss, model.trainable_variables)
        _apply(ctx, model, optimizer, gradient_of_cnn)

    with ctx.subject("train_step(logits, labels)"):
        logits = model(data)
        train_step(logits, labels)


def forward_pass_inside_tape(ctx):
    tf = ctx.tf
    model, data, labels, loss_object, optimizer = _setup(ctx)
    with ctx.subject("tape around forward pass and loss, apply_gradients"):
        with tf.GradientTape() as tape:
            prediction = model(data)
            loss = loss_object(labels, prediction)
        grads = tape.gradient(loss, model.trainable_variables)
        _apply(ctx, model, optimizer, grads)
