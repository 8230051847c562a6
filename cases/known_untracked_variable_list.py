"""Known report: tf.Variables appended to an empty Python list inside a custom Layer are not
tracked, so they are missing from `trainable_variables` and never trained.

tensorflow/tensorflow#38211 (TF 2.1, still labelled TF 2.7) builds `FooLayer`, whose
`__init__` does `self.FooTns = []` and then appends tf.Variables, and prints
`model.trainable_variables`: only `TNS0` (a plain attribute) is listed, the appended
TNS1..TNS5 are missing. keras-team/keras#16797 (the same report as tensorflow#56768 and
keras-team/tf-keras#513, TF 2.8.2) states the rule it found in a Layer: variables in a list
built by a list comprehension are tracked, variables appended to an empty list are not
("untracked variables are not trained"), and `self.add_weight` works in every case.

Variants: the #38211 code as written (int variables, it only lists the variables), a float
version of the same layer trained with `fit` (does training change the appended variables?),
and the two fixes #16797 names (list comprehension, add_weight), each also trained with `fit`.
Every variant records two effects: the list's variables are in `model.trainable_weights`, and
(where a fit runs) they changed. Keras 3 tracks only Keras variables, not tf.Variable, in its
layers: there the variants show what a Keras 2 layer written this way does under Keras 3.
"""

CASE = {
    "title": "tf.Variables appended to a list in a custom Layer: tracked? trained?",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/38211",
                        "https://github.com/keras-team/keras/issues/16797",
                        "https://github.com/tensorflow/tensorflow/issues/56768",
                        "https://github.com/keras-team/tf-keras/issues/513"],
               "title": "Missing Trainable Variables and Variables / Unpredictable behaviour of "
                        "tracked variables in subclassing layers and models",
               "frequency": {"reports": 8,
                             "as_of": "2026-12-06",
                             "how": "issues search 'tf.Variable appended to python list in custom Layer "
                                    "not tracked missing from trainable_variables': 8 URLs "
                                    "(tensorflow#38211 #29073 #30786 #22140, and one report cross-posted "
                                    "as keras#16797 / tf-keras#513 / tensorflow#56768 plus its docs PR "
                                    "keras#16858)"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "foo_layer_as_written": {
            "role": "broken",
            "title": "#38211 as written: FooLayer appends 5 int tf.Variables to self.FooTns = []; "
                     "list model.trainable_variables",
            "effects": ["list_variables_tracked"],
            "claim": {"text": "model.trainable_variables lists TNS0 only: the variables appended to "
                              "the list are missing",
                      "versions": "TF 2.1 (reported), labelled TF 2.7; #16797 saw it on TF 2.8.2",
                      "scope": {"tf": ">=2.1,<=2.8", "flavour": "tf.keras"},
                      "expect": {"outcome": "silent_failure",
                                 "effects": {"list_variables_tracked": "no"}}},
        },
        "appended_list_fit": {
            "role": "corrected",
            "title": "the same layer with float variables in a functional model, compile + fit 1 epoch",
            "effects": ["list_variables_tracked", "list_variables_trained"],
            "claim": {"text": "variables appended to an empty list in a Layer are not tracked, and "
                              "untracked variables are not trained",
                      "versions": "TF 2.8.2 (keras-team/keras#16797)",
                      "scope": {"tf": ">=2.1,<=2.8", "flavour": "tf.keras"},
                      "expect": {"outcome": "silent_failure",
                                 "effects": {"list_variables_tracked": "no",
                                             "list_variables_trained": "no"}}},
        },
        "list_comprehension_fit": {
            "role": "fix",
            "title": "the list built by a list comprehension in __init__, compile + fit",
            "effects": ["list_variables_tracked", "list_variables_trained"],
            "claim": {"text": "variables defined in a list using list comprehension are tracked "
                              "(and so trained)",
                      "versions": "TF 2.8.2 (keras-team/keras#16797)",
                      "scope": {"tf": ">=2.1,<=2.8", "flavour": "tf.keras"},
                      "expect": {"outcome": "ok"}},
        },
        "add_weight_fit": {
            "role": "fix",
            "title": "self.add_weight instead of tf.Variable, appended to an empty list, compile + fit",
            "effects": ["list_variables_tracked", "list_variables_trained"],
            "claim": {"text": "with self.add_weight instead of tf.Variable it works in every case",
                      "versions": "TF 2.8.2 (keras-team/keras#16797)",
                      "expect": {"outcome": "ok"}},
        },
    },
}

SIZ = 2


def _trainable(model):
    # tf.keras >= 2.0 spells it trainable_variables; older Keras only has trainable_weights.
    return list(getattr(model, "trainable_variables", None) or model.trainable_weights)


def _tracked(ctx, model, variables):
    listed = set(id(w) for w in _trainable(model))
    ctx.observe("trainable_names", [str(getattr(w, "name", "?")) for w in _trainable(model)])
    return ctx.effect("list_variables_tracked", all(id(v) in listed for v in variables))


def foo_layer_as_written(ctx):
    tf, keras = ctx.tf, ctx.keras

    class FooLayer(keras.layers.Layer):
        def __init__(self, siz):
            super(FooLayer, self).__init__()
            self.siz = siz
            self.buildFoo(siz)

        def call(self, in_data):
            Foo0 = tf.multiply(in_data, self.FooTns0)
            FooList = []
            FooList.append(Foo0)
            for it in range(1, self.siz + 1):
                tmp = tf.multiply(FooList[it - 1], self.FooTns[it - 1])
                FooList.append(tmp)
            return FooList[self.siz]

        def buildFoo(self, siz):
            self.FooTns0 = tf.Variable(1, name="TNS0")
            self.FooTns = []
            for it in range(0, self.siz):
                self.FooTns.append(tf.Variable(it, name="TNS" + str(it + 1)))

    class FooModel(keras.Model):
        def __init__(self, siz):
            super(FooModel, self).__init__()
            self.flayer = FooLayer(siz)

        def call(self, in_data):
            return self.flayer(in_data)

    with ctx.subject("model.trainable_variables"):
        model = FooModel(5)
        _tracked(ctx, model, model.flayer.FooTns)


def _fit_scale_layer(ctx, make_list):
    """Input(2) -> ScaleLayer (x * scale0 * prod(list)) -> mse fit; records both effects."""
    import numpy as np
    tf, keras = ctx.tf, ctx.keras

    class ScaleLayer(keras.layers.Layer):
        def __init__(self, siz, **kwargs):
            super(ScaleLayer, self).__init__(**kwargs)
            self.scale0 = tf.Variable(1.0, name="scale0")
            make_list(self, siz)

        def call(self, x):
            out = x * self.scale0
            for scale in self.scales:
                out = out * scale
            return out

    inputs = keras.layers.Input((2,))
    layer = ScaleLayer(SIZ)
    outputs = layer(inputs)
    model = keras.models.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    with ctx.subject("trainable_weights + fit"):
        _tracked(ctx, model, layer.scales)
        before = [ctx.evaluate(v).copy() for v in layer.scales]
        x = np.ones((4, 2), dtype="float32")
        model.fit(x, 2.0 * x, epochs=1, batch_size=4, verbose=0)
        after = [ctx.evaluate(v) for v in layer.scales]
        ctx.effect("list_variables_trained",
                   all(not np.allclose(b, a) for b, a in zip(before, after)))


def appended_list_fit(ctx):
    tf = ctx.tf

    def make_list(self, siz):
        self.scales = []
        for it in range(siz):
            self.scales.append(tf.Variable(1.0, name="scale%d" % (it + 1)))
    _fit_scale_layer(ctx, make_list)


def list_comprehension_fit(ctx):
    tf = ctx.tf

    def make_list(self, siz):
        self.scales = [tf.Variable(1.0, name="scale%d" % (it + 1)) for it in range(siz)]
    _fit_scale_layer(ctx, make_list)


def add_weight_fit(ctx):
    keras = ctx.keras

    def make_list(self, siz):
        self.scales = []
        for it in range(siz):
            self.scales.append(self.add_weight(name="scale%d" % (it + 1), shape=(),
                                               initializer=keras.initializers.Constant(1.0),
                                               trainable=True))
    _fit_scale_layer(ctx, make_list)
