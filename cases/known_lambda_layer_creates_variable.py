"""Known root cause: a Lambda layer whose function creates a `tf.Variable` - Mask R-CNN's
"hack to get around Keras's bad support for constants".

matterport/Mask_RCNN's `build()` does
`anchors = KL.Lambda(lambda x: tf.Variable(anchors), name="anchors")(input_image)`
(written for standalone Keras 2.0.8 / 2.1 on TF 1.x). Under tf.keras users report
(Mask_RCNN#2380; sumuzhao/CycleGAN-Music-Style-Transfer-Refactorization#3 with TF 2.3.1)
"ValueError: The following Variables were created within a Lambda layer (anchors) but
are not tracked by said layer ... Lambda layers are not well suited to stateful
computation; instead, writing a subclassed Layer is the recommend way to define layers
with Variables." The fix is that advice: a Layer subclass that owns the variable. The
model then trains one epoch (batch size = the anchors' batch, as in Mask R-CNN). As in
Mask R-CNN, the lambda closes over the name `anchors`, which the same line rebinds to the
Lambda's output: graph-mode Keras calls the function once, at construction; a Keras
that calls it again (Keras 3 during fit) then sees the KerasTensor.
"""

CASE = {
    "title": "Lambda(lambda x: tf.Variable(anchors)) in a functional model (Mask R-CNN anchors)",
    "source": {"kind": "known",
               "refs": ["https://github.com/matterport/Mask_RCNN/issues/2380",
                        "https://github.com/sumuzhao/CycleGAN-Music-Style-Transfer-Refactorization/issues/3",
                        "https://github.com/matterport/Mask_RCNN/blob/master/mrcnn/model.py"],
               "title": "The following Variables were created within a Lambda layer but are not tracked",
               "frequency": {"reports": 11,
                             "reactions": 3,
                             "as_of": "2026-12-06",
                             "how": "issues searches 'keras Lambda tf.Variable anchors Mask RCNN not "
                                    "tracked by said layer' and 'anchors = KL.Lambda(lambda x: "
                                    "tf.Variable(anchors)) ValueError tensorflow 2' (the bare message "
                                    "drifted to AWS Lambda): 11 threads, 9 in matterport/Mask_RCNN (#1930 "
                                    "#2380 #2412 #2250 #2922 #2579 #2381 #1896 #3020) plus "
                                    "Brain-Tumor-Detection#2 and CycleGAN-Music-Style-Transfer#3, 3 "
                                    "'same' comments"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "lambda_tf_variable_as_written": {
            "role": "broken",
            "title": "anchors = Lambda(lambda x: tf.Variable(anchors))(input_image); build; fit",
            "claim": {"text": "calling the Lambda raises ValueError: The following Variables were "
                              "created within a Lambda layer (anchors) but are not tracked by said layer",
                      "versions": "tf.keras, TensorFlow 2.3.1 (CycleGAN-Music#3), Mask_RCNN#2380",
                      "scope": {"tf": ">=2.3", "flavour": ["tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "Variables were created within a Lambda layer"}},
        },
        "subclassed_layer_owns_variable": {
            "role": "fix",
            "title": "an AnchorsLayer(Layer) creating the variable with add_weight; build; fit",
            "claim": {"text": "writing a subclassed Layer is the recommended way to define layers "
                              "with Variables",
                      "versions": "the tf.keras error message",
                      "expect": {"outcome": "ok"}},
        },
    },
}

BATCH = 2


def _anchors():
    import numpy as np
    base = np.arange(20, dtype="float32").reshape(5, 4) / 20.0
    return np.broadcast_to(base, (BATCH,) + base.shape).copy()


def _finish(ctx, input_image, anchors):
    """Mask R-CNN feeds the anchors to its proposal layer; here they shift a score."""
    import numpy as np
    keras = ctx.keras
    K = keras.backend
    features = keras.layers.Dense(1)(keras.layers.Flatten()(input_image))
    score = keras.layers.Lambda(lambda t: t[0] + K.sum(t[1], axis=[1, 2])[:, None] * 0.0,
                                output_shape=(1,))([features, anchors])
    model = keras.models.Model(input_image, score)
    model.compile(optimizer="sgd", loss="mse")
    rng = np.random.RandomState(0)
    model.fit(rng.rand(4, 6, 6, 1).astype("float32"), rng.rand(4, 1).astype("float32"),
              epochs=1, batch_size=BATCH, verbose=0)


def lambda_tf_variable_as_written(ctx):
    tf, keras = ctx.tf, ctx.keras
    KL = keras.layers
    input_image = KL.Input(shape=(6, 6, 1), name="input_image")
    anchors = _anchors()
    with ctx.subject("Lambda(tf.Variable) + build + fit"):
        # A hack to get around Keras's bad support for constants
        anchors = KL.Lambda(lambda x: tf.Variable(anchors), name="anchors")(input_image)
        _finish(ctx, input_image, anchors)


def subclassed_layer_owns_variable(ctx):
    keras = ctx.keras
    KL = keras.layers
    values = _anchors()

    class AnchorsLayer(KL.Layer):
        def build(self, input_shape):
            self.anchors = self.add_weight(name="anchors", shape=values.shape, trainable=False,
                                           initializer=keras.initializers.Constant(values))
            super(AnchorsLayer, self).build(input_shape)

        def call(self, inputs):
            return self.anchors + 0.0 * keras.backend.sum(inputs)

        def compute_output_shape(self, input_shape):
            return values.shape

    input_image = KL.Input(shape=(6, 6, 1), name="input_image")
    with ctx.subject("AnchorsLayer + build + fit"):
        anchors = AnchorsLayer(name="anchors")(input_image)
        _finish(ctx, input_image, anchors)
