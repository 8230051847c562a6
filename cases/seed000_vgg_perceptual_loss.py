"""Seed 000: perceptual loss with a VGG19 feature model, `_keras_history` and gradient flow.

The article claims that a loss computed from a `keras.Model` cut out of VGG19
(`block3_conv2`, `block4_conv2`) raises "AttributeError: 'Tensor' object has
no attribute '_keras_history'" because the feature maps are "raw TensorFlow
tensors", and that two fixes make the loss work and let gradients flow:
wrapping each feature map in an identity `Lambda` layer (Example 2), or a
custom `FeatureExtractionLayer` that builds VGG19 in `build()` and a
`keras.Model` in `call()` (Example 3).

Each example runs as written (weights=None instead of 'imagenet', 48x48
images instead of 256x256: 48 is the smallest input every VGG19 in the matrix
accepts, keras 2.1.6 refuses anything smaller; `keras = ctx.keras`): the loss is
called once on two `tf.random.normal` batches. Because the article's point is
gradient flow, each approach also gets a `*_train_generator` variant where the
loss trains a one-convolution generator under a GradientTape and the generator's
kernel must receive a gradient (GradientTape; `keras.backend.gradients` in TF1
graph mode, where tapes reject the RefVariables standalone Keras creates), and
a `*_compile_fit` variant: what users of a perceptual loss really do,
`generator.compile(loss=perceptual_loss)` then `fit()`, where the loss runs
inside a tf.function and the generator's weights must change.

The step each claim is about (the loss call, the training step) is marked with
ctx.subject(): building the generator before it is setup.

In TF 1.15 `build()` receives a TensorShape of `Dimension` objects and
VGG19 rejects `input_shape[1:]` ("unhashable type: 'Dimension'"), a failure
unrelated to the article's question: `ex3_int_input_shape` passes plain ints.
"""

CASE = {
    "title": "Perceptual loss from a VGG19 feature model: _keras_history and gradients",
    "source": {"kind": "seed", "doc": "000_73ea9450ffdc310b.txt",
               "title": "How can I resolve the AttributeError: 'Tensor' object has no attribute "
                        "'_keras_history' when using perceptual loss with a pretrained VGG model in Keras?",
               "frequency": {"reports": 3,
                             "reactions": 1,
                             "as_of": "2026-12-06",
                             "how": "issues search 'perceptual loss VGG19 has no attribute "
                                    "_keras_history', 'vgg_loss Model(inputs=vgg.input) _keras_history', "
                                    "'SRGAN vgg_loss VGG19 AttributeError' + pages search: no thread "
                                    "shows _keras_history from a VGG feature-model loss; counted the 3 "
                                    "threads where a Keras VGG-feature (perceptual) loss fails at all "
                                    "(tensorflow#30534, plaidml#379, keras#8424, one 'same error' "
                                    "comment)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "ex1_feature_model_as_written": {
            "example": 1, "role": "broken",
            "title": "loss from keras.Model(vgg.input, [block3_conv2, block4_conv2]) called on two tensors",
            "claim": {"text": "computing the loss raises AttributeError: 'Tensor' object has no "
                              "attribute '_keras_history' (the feature maps are raw tensors)",
                      "expect": {"outcome": "keras_history_error"}},
        },
        "ex1_train_generator": {
            "example": 1, "role": "broken",
            "title": "the Example 1 loss used to train a small generator (GradientTape)",
            "grads": ["generator_kernel"],
            "claim": {"text": "the raw feature tensors lack _keras_history, which gradient "
                              "computation needs: the loss raises the AttributeError",
                      "expect": {"outcome": "keras_history_error"}},
        },
        "ex2_lambda_wrapped_as_written": {
            "example": 2, "role": "fix",
            "title": "feature maps wrapped in identity Lambda layers, loss called on two tensors",
            "claim": {"text": "with the Lambda wrapping the loss computation works",
                      "expect": {"outcome": "ok"}},
        },
        "ex2_train_generator": {
            "example": 2, "role": "fix",
            "title": "the Example 2 (Lambda) loss used to train a small generator (GradientTape)",
            "grads": ["generator_kernel"],
            "claim": {"text": "the loss can now correctly calculate the gradients",
                      "expect": {"outcome": "ok", "grads": {"generator_kernel": "ok"}}},
        },
        "ex3_custom_layer_as_written": {
            "example": 3, "role": "fix",
            "title": "FeatureExtractionLayer (VGG19 in build, keras.Model in call), loss on two tensors",
            "claim": {"text": "with the custom layer the loss computation works",
                      "expect": {"outcome": "ok"}},
        },
        "ex3_train_generator": {
            "example": 3, "role": "fix",
            "title": "the Example 3 (custom layer) loss used to train a small generator (GradientTape)",
            "grads": ["generator_kernel"],
            "claim": {"text": "the forward pass runs inside a Keras layer, so gradients propagate",
                      "expect": {"outcome": "ok", "grads": {"generator_kernel": "ok"}}},
        },
        "ex1_compile_fit": {
            "example": 1, "role": "broken",
            "title": "the Example 1 loss in generator.compile(loss=...) and fit(), as users train with it",
            "effects": ["generator_trained"],
            "claim": {"text": "the raw feature tensors lack _keras_history: using the loss raises the AttributeError",
                      "expect": {"outcome": "keras_history_error"}},
        },
        "ex2_compile_fit": {
            "example": 2, "role": "fix",
            "title": "the Example 2 (Lambda) loss in generator.compile(loss=...) and fit()",
            "effects": ["generator_trained"],
            "claim": {"text": "with the Lambda wrapping, the loss can now correctly calculate the gradients: "
                              "training works",
                      "expect": {"outcome": "ok", "effects": {"generator_trained": "yes"}}},
        },
        "ex3_compile_fit": {
            "example": 3, "role": "fix",
            "title": "the Example 3 (custom layer) loss in generator.compile(loss=...) and fit() "
                     "(plain-int input shape, see ex3_int_input_shape)",
            "effects": ["generator_trained"],
            "claim": {"text": "the forward pass runs inside a Keras layer, so gradients propagate: training works",
                      "expect": {"outcome": "ok", "effects": {"generator_trained": "yes"}}},
        },
        "ex3_int_input_shape": {
            "example": 3, "role": "corrected",
            "title": "ex3_train_generator with build() passing VGG19 plain ints (TF1 gives Dimension objects)",
            "grads": ["generator_kernel"],
            "claim": {"text": "the forward pass runs inside a Keras layer, so gradients propagate",
                      "expect": {"outcome": "ok", "grads": {"generator_kernel": "ok"}}},
        },
    },
}

IMG_SHAPE = (1, 48, 48, 3)   # VGG19: at least 32x32 (48x48 in keras 2.1.6)
LAYER_NAMES = ["block3_conv2", "block4_conv2"]


def _loss_example1(ctx):
    keras = ctx.keras
    K = keras.backend
    VGG19 = keras.applications.VGG19

    def perceptual_loss(y_true, y_pred):
        vgg = VGG19(include_top=False, weights=None, input_shape=IMG_SHAPE[1:])
        vgg.trainable = False

        model_input = vgg.input
        layer_names = LAYER_NAMES
        outputs = [vgg.get_layer(name).output for name in layer_names]
        feature_extraction_model = keras.Model(inputs=model_input, outputs=outputs)

        true_features = feature_extraction_model(y_true)
        pred_features = feature_extraction_model(y_pred)

        loss = 0
        for tf, pf in zip(true_features, pred_features):
            loss += K.mean(K.square(tf - pf))
        return loss

    return perceptual_loss


def _loss_example2(ctx):
    keras = ctx.keras
    K = keras.backend
    VGG19 = keras.applications.VGG19
    Lambda = keras.layers.Lambda

    def feature_extraction_model():
        vgg = VGG19(include_top=False, weights=None, input_shape=IMG_SHAPE[1:])
        vgg.trainable = False

        model_input = vgg.input
        layer_names = LAYER_NAMES
        outputs = [vgg.get_layer(name).output for name in layer_names]
        feature_extraction_model = keras.Model(inputs=model_input, outputs=outputs)  # noqa: F841 (as written)

        # Wrap output tensors with Lambda layers
        wrapped_outputs = [Lambda(lambda x: x)(output) for output in outputs]

        return keras.Model(inputs=model_input, outputs=wrapped_outputs)

    def perceptual_loss(y_true, y_pred):
        feature_extractor = feature_extraction_model()

        true_features = feature_extractor(y_true)
        pred_features = feature_extractor(y_pred)

        loss = 0
        for tf, pf in zip(true_features, pred_features):
            loss += K.mean(K.square(tf - pf))
        return loss

    return perceptual_loss


def _loss_example3(ctx, int_shape=False):
    keras = ctx.keras
    K = keras.backend
    VGG19 = keras.applications.VGG19

    class FeatureExtractionLayer(keras.layers.Layer):
        def __init__(self, layer_names, **kwargs):
            super(FeatureExtractionLayer, self).__init__(**kwargs)
            self.layer_names = layer_names
            self.vgg = None
            self.outputs = None

        def build(self, input_shape):
            shape = input_shape[1:]
            if int_shape:  # corrected variant: plain ints, not TF1's Dimension objects
                shape = tuple(int(d) for d in shape)
            self.vgg = VGG19(include_top=False, weights=None, input_shape=shape)
            self.vgg.trainable = False
            outputs = [self.vgg.get_layer(name).output for name in self.layer_names]
            self.outputs = outputs

        def call(self, inputs):
            intermediate_model = keras.Model(inputs=self.vgg.input, outputs=self.outputs)
            return intermediate_model(inputs)

    def perceptual_loss(y_true, y_pred):
        feature_extractor = FeatureExtractionLayer(layer_names=LAYER_NAMES)

        true_features = feature_extractor(y_true)
        pred_features = feature_extractor(y_pred)

        loss = 0
        for tf, pf in zip(true_features, pred_features):
            loss += K.mean(K.square(tf - pf))
        return loss

    return perceptual_loss


def _call_once(ctx, perceptual_loss):
    """The article's driver: the loss on two random batches, printed."""
    import numpy as np
    tf = ctx.tf
    y_true_example = tf.random.normal(IMG_SHAPE)
    y_pred_example = tf.random.normal(IMG_SHAPE)
    ctx.subject("perceptual_loss(y_true, y_pred)")
    loss_val = perceptual_loss(y_true_example, y_pred_example)
    print(loss_val)
    # evaluating also runs the graph in TF1 graph mode, where print() shows a symbol
    ctx.observe("loss_is_finite", bool(np.isfinite(ctx.evaluate(loss_val)).all()))


def _train_generator(ctx, perceptual_loss):
    """One training step of a one-convolution generator under the perceptual loss;
    the generator's kernel must get a gradient through the VGG features."""
    tf, keras = ctx.tf, ctx.keras
    inp = keras.Input(shape=IMG_SHAPE[1:])
    out = keras.layers.Conv2D(3, 3, padding="same")(inp)
    generator = keras.Model(inp, out)
    low_res = tf.random.normal(IMG_SHAPE)
    high_res = tf.random.normal(IMG_SHAPE)
    kernel = generator.trainable_weights[0]
    ctx.subject("one training step through the perceptual loss")
    if ctx.eager:
        with tf.GradientTape() as tape:
            loss = perceptual_loss(high_res, generator(low_res))
        ctx.grad("generator_kernel", tape.gradient(loss, kernel))
    else:  # TF1 graph mode: the same gradient through the graph API (tapes reject RefVariables)
        loss = perceptual_loss(high_res, generator(low_res))
        ctx.grad("generator_kernel", keras.backend.gradients(loss, [kernel])[0])


def _compile_fit(ctx, perceptual_loss):
    """generator.compile(loss=perceptual_loss); fit(): the loss runs inside Keras' train
    step (a tf.function in TF2); the generator's kernel must change."""
    import numpy as np
    keras = ctx.keras
    inp = keras.Input(shape=IMG_SHAPE[1:])
    out = keras.layers.Conv2D(3, 3, padding="same")(inp)
    generator = keras.Model(inp, out)
    generator.compile(optimizer="sgd", loss=perceptual_loss)
    rng = np.random.RandomState(0)
    low_res = rng.rand(2, *IMG_SHAPE[1:]).astype("float32")
    high_res = rng.rand(2, *IMG_SHAPE[1:]).astype("float32")
    before = [np.array(w) for w in generator.get_weights()]
    with ctx.subject("generator.fit with loss=perceptual_loss"):
        generator.fit(low_res, high_res, epochs=1, batch_size=2, verbose=0)
    after = generator.get_weights()
    ctx.effect("generator_trained", any(not np.array_equal(a, b) for a, b in zip(before, after)))


def ex1_feature_model_as_written(ctx):
    _call_once(ctx, _loss_example1(ctx))


def ex1_train_generator(ctx):
    _train_generator(ctx, _loss_example1(ctx))


def ex2_lambda_wrapped_as_written(ctx):
    _call_once(ctx, _loss_example2(ctx))


def ex2_train_generator(ctx):
    _train_generator(ctx, _loss_example2(ctx))


def ex3_custom_layer_as_written(ctx):
    _call_once(ctx, _loss_example3(ctx))


def ex3_train_generator(ctx):
    _train_generator(ctx, _loss_example3(ctx))


def ex3_int_input_shape(ctx):
    _train_generator(ctx, _loss_example3(ctx, int_shape=True))


def ex1_compile_fit(ctx):
    _compile_fit(ctx, _loss_example1(ctx))


def ex2_compile_fit(ctx):
    _compile_fit(ctx, _loss_example2(ctx))


def ex3_compile_fit(ctx):
    _compile_fit(ctx, _loss_example3(ctx, int_shape=True))
