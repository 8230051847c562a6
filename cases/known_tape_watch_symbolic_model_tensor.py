"""Known root cause: watching a model's symbolic tensors (`model.inputs`, a layer's `.output`)
in a `tf.GradientTape` to get input / activation gradients (saliency maps, Grad-CAM). They
are graph placeholders, not the tensors the eager call computes, so the gradient is None -
or, with KerasTensors, `tape.watch` refuses them.

tensorflow#31264 (TF 2.0 beta): `tape.watch(model.inputs)` inside the tape, then
`tape.gradient(loss, model.inputs)`: "It will result in [None] no matter where I put the
tape.watch sentense"; alextp: "You need to call tape.watch(images) if you want the gradient
wrt images ... don't use model.inputs, use images". tensorflow#36596 (TF 2.1): "feeding this
variable [model.input] into either `tape.watch` or `tape.gradient` fails silently".
ayulockin/interpretabilitycnn#1 (April 2021): the Grad-CAM class's
`tape.watch(self.gradModel.get_layer(self.layerName).output)` "is not working anymore"
with the new TF version. tensorflow#104521 (TF 2.20, Keras 3): `tape.watch` on a layer's
output raises "ValueError: Passed in object <KerasTensor ...> of type 'KerasTensor', not
tf.Tensor or tf.Variable or ExtensionType." The Grad-CAM recipe that works (Keras example
"Grad-CAM class activation visualization", sicara/tf-explain#167 "Ensure that input tensors
are watched") builds `grad_model = Model(model.inputs, [layer.output, model.output])` and
differentiates with respect to the activation it returns, watching the concrete input.

Model: Input(4) -> Dense(3, 'hidden') -> Dense(2); the gradient recorded is `input` (w.r.t.
the input) or `activation` (w.r.t. the hidden activation); it must be there.
"""

CASE = {
    "title": "tape.watch(model.inputs) / tape.watch(layer.output): gradients w.r.t. symbolic model tensors",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/31264",
                        "https://github.com/tensorflow/tensorflow/issues/36596",
                        "https://github.com/ayulockin/interpretabilitycnn/pull/1",
                        "https://github.com/tensorflow/tensorflow/issues/104521",
                        "https://github.com/sicara/tf-explain/pull/167",
                        "https://keras.io/examples/vision/grad_cam/"],
               "title": "GradientTape() unable to compute the gradient wrt Keras model inputs",
               "frequency": {"reports": 5, "as_of": "2026-12-06",
                             "how": "issues searches 'tape.watch model.inputs None', 'tape.watch layer "
                                    "output KerasTensor', 'gradient with respect to input None Grad-CAM': "
                                    "tensorflow#31264, #36596, #104521, interpretabilitycnn#1, "
                                    "tf-explain#167 (Grad-CAM None reports with another cause not counted)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "watch_model_inputs_as_written": {
            "role": "broken",
            "title": "tensorflow#31264: with tape: predictions = model(images); tape.watch(model.inputs); "
                     "loss; tape.gradient(loss, model.inputs)",
            "grads": ["input"],
            "claim": {"text": "tape.gradient(loss, model.inputs) is [None] no matter where tape.watch is",
                      "versions": "TF 2.0.0 beta (tensorflow#31264), TF 2.1 (tensorflow#36596)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "grad_dropped", "grads": {"input": "none"}}},
        },
        "watch_layer_output_gradcam": {
            "role": "broken",
            "title": "Grad-CAM: tape.watch(gradModel.get_layer(name).output); conv_out, preds = "
                     "gradModel(x); tape.gradient(loss, conv_out)",
            "grads": ["activation"],
            "claim": {"text": "tape.watch(gradModel.get_layer(layerName).output) is not working anymore "
                              "(Keras 3: ValueError: Passed in object <KerasTensor> of type 'KerasTensor', "
                              "not tf.Tensor or tf.Variable or ExtensionType)",
                      "versions": "'new tf version' (interpretabilitycnn#1, April 2021); TF 2.20 "
                                  "(tensorflow#104521)",
                      "scope": {"tf": ">=2.16", "flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "of type 'KerasTensor', not tf.Tensor or tf.Variable"}},
        },
        "watch_images": {
            "role": "fix",
            "title": "tape.watch(images) on the concrete input tensor, then tape.gradient(loss, images)",
            "grads": ["input"],
            "claim": {"text": "call tape.watch(images), not model.inputs, to get the gradient w.r.t. "
                              "the images",
                      "versions": "TF 2.0 (alextp in tensorflow#31264)",
                      "expect": {"outcome": "ok", "grads": {"input": "ok"}}},
        },
        "grad_model_outputs": {
            "role": "fix",
            "title": "Keras Grad-CAM example: grad_model = Model(model.inputs, [layer.output, "
                     "model.output]); gradient w.r.t. the activation grad_model returns",
            "grads": ["activation"],
            "claim": {"text": "compute the gradient of the class score with regard to the output "
                              "feature map the grad model returns",
                      "versions": "Keras Grad-CAM example (tf.keras 2 and Keras 3)",
                      "expect": {"outcome": "ok", "grads": {"activation": "ok"}}},
        },
    },
}


def _model_and_data(ctx):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    if not ctx.eager:
        ctx.skip("eager GradientTape code (TF 2); this TensorFlow runs graph mode")
    inputs = keras.layers.Input((4,))
    hidden = keras.layers.Dense(3, activation="relu", name="hidden",
                                kernel_initializer="ones")(inputs)
    outputs = keras.layers.Dense(2, name="logits")(hidden)
    model = keras.models.Model(inputs, outputs)
    images = tf.constant(np.random.RandomState(0).rand(2, 4).astype("float32"))
    labels = tf.constant([0, 1])
    loss_object = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    return model, images, labels, loss_object


def _first(gradient):
    if isinstance(gradient, (list, tuple)):
        return gradient[0] if gradient else None
    return gradient


def watch_model_inputs_as_written(ctx):
    tf = ctx.tf
    model, images, labels, loss_object = _model_and_data(ctx)
    with ctx.subject("tape.watch(model.inputs) + tape.gradient"):
        with tf.GradientTape() as tape:
            predictions = model(images)
            tape.watch(model.inputs)
            loss = loss_object(labels, predictions)
        ctx.grad("input", _first(tape.gradient(loss, model.inputs)))


def watch_layer_output_gradcam(ctx):
    tf, keras = ctx.tf, ctx.keras
    model, images, labels, loss_object = _model_and_data(ctx)
    layerName = "hidden"
    gradModel = keras.models.Model(inputs=[model.inputs], outputs=[model.get_layer(layerName).output,
                                                                    model.output])
    with ctx.subject("tape.watch(layer.output) + tape.gradient"):
        with tf.GradientTape() as tape:
            tape.watch(gradModel.get_layer(layerName).output)
            inputs = tf.cast(images, tf.float32)
            (convOutputs, predictions) = gradModel(inputs)
            loss = predictions[:, 1]
        ctx.grad("activation", tape.gradient(loss, convOutputs))


def watch_images(ctx):
    tf = ctx.tf
    model, images, labels, loss_object = _model_and_data(ctx)
    with ctx.subject("tape.watch(images) + tape.gradient"):
        with tf.GradientTape() as tape:
            tape.watch(images)
            predictions = model(images)
            loss = loss_object(labels, predictions)
        ctx.grad("input", tape.gradient(loss, images))


def grad_model_outputs(ctx):
    tf, keras = ctx.tf, ctx.keras
    model, images, labels, loss_object = _model_and_data(ctx)
    grad_model = keras.models.Model(model.inputs, [model.get_layer("hidden").output, model.output])
    with ctx.subject("grad_model + tape.gradient"):
        with tf.GradientTape() as tape:
            last_conv_layer_output, preds = grad_model(images)
            class_channel = preds[:, 1]
        ctx.grad("activation", tape.gradient(class_channel, last_conv_layer_output))
