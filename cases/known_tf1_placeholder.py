"""Known reports: TF 1.x graph code (`tf.placeholder` fed through `tf.Session().run(...,
feed_dict=...)`) run on TensorFlow 2: "AttributeError: module 'tensorflow' has no attribute
'placeholder'".

One of the most reported TF 2 migration errors: gsethi2409/tf-pose-estimation#2 ("Using Conda
and TF 2.0"), hwwang55/RippleNet#20, Unisound/SampleRNN#19, connorcoley/rexgen_direct#13 ("you're
using Tensorflow 2, while this code was developed/tested with Tensorflow 1 where tf.placeholder is
defined"), carykh/alignedCelebFaces#25, tensorflow/tensorflow#46047, ufoym/deepo#107. The fix in
llSourcell/Music_Generator_Demo#27: `import tensorflow.compat.v1 as tf` then
`tf.disable_v2_behavior()`. Renaming only the call is not enough: with `tf.compat.v1.placeholder`
and eager execution still on, "RuntimeError: tf.placeholder() is not compatible with eager
execution" (JiahuiYu/generative_inpainting#494 on TF 2.4.1: "Changing tf.placeholder to
tf.compat.v1.placeholder is not enough"; QuantConnect/Lean#6852); tensorflow/models#10031
answers "simply disable eager execution: tf.compat.v1.disable_eager_execution()".

Each variant builds y = 2x summed over a placeholder x and runs it in a session with a feed.
"""

CASE = {
    "title": "tf.placeholder + tf.Session graph code on TensorFlow 2, and the compat.v1 fixes",
    "source": {"kind": "known",
               "refs": ["https://github.com/gsethi2409/tf-pose-estimation/issues/2",
                        "https://github.com/connorcoley/rexgen_direct/issues/13",
                        "https://github.com/llSourcell/Music_Generator_Demo/issues/27",
                        "https://github.com/JiahuiYu/generative_inpainting/issues/494",
                        "https://github.com/QuantConnect/Lean/pull/6852",
                        "https://github.com/tensorflow/models/issues/10031"],
               "title": "AttributeError: module 'tensorflow' has no attribute 'placeholder'",
               "frequency": {"reports": 20,
                             "as_of": "2026-12-06",
                             "how": "issues search \"module 'tensorflow' has no attribute 'placeholder'\": "
                                    "12 threads in 12 repos; 'tf.placeholder() is not compatible with eager "
                                    "execution' after the compat.v1 rename: 8 more"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "placeholder_as_written": {
            "role": "broken",
            "title": "x = tf.placeholder(tf.float32, [None, 3]); with tf.Session() as sess: sess.run(y, feed_dict)",
            "claim": {"text": "AttributeError: module 'tensorflow' has no attribute 'placeholder'",
                      "versions": "TF 2.0 (tf-pose-estimation#2), Tensorflow 2 (rexgen_direct#13)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'placeholder'"}},
        },
        "compat_v1_placeholder_only": {
            "role": "broken",
            "title": "the same with tf.compat.v1.placeholder and tf.compat.v1.Session, eager execution on",
            "claim": {"text": "RuntimeError: tf.placeholder() is not compatible with eager execution "
                              "(changing tf.placeholder to tf.compat.v1.placeholder is not enough)",
                      "versions": "tensorflow 2.4.1 (generative_inpainting#494)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "RuntimeError",
                                 "message": "not compatible with eager execution"}},
        },
        "compat_v1_disable_eager_execution": {
            "role": "fix",
            "title": "tf.compat.v1.disable_eager_execution(), then the compat.v1 placeholder and session",
            "claim": {"text": "to run TF 1.x code on TF 2.x, disable eager execution: "
                              "tf.compat.v1.disable_eager_execution()",
                      "versions": "2024 (tensorflow/models#10031)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "observed": {"result": 12.0}}},
        },
        "compat_v1_disable_v2_behavior": {
            "role": "fix",
            "title": "import tensorflow.compat.v1 as tf; tf.disable_v2_behavior(); the code as written",
            "claim": {"text": "import tensorflow.compat.v1 as tf; tf.disable_v2_behavior() fixes it",
                      "versions": "TensorFlow 2.x (Music_Generator_Demo#27)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "observed": {"result": 12.0}}},
        },
    },
}


def _feed_and_run(ctx, tf):
    """The TF 1.x program: a placeholder, an op on it, a session run with a feed."""
    import numpy as np
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.reduce_sum(x * 2.0)
    with tf.Session() as sess:
        result = sess.run(y, feed_dict={x: np.ones((2, 3), dtype="float32")})
    ctx.observe("result", float(result))


def placeholder_as_written(ctx):
    tf = ctx.tf
    with ctx.subject("tf.placeholder + tf.Session"):
        _feed_and_run(ctx, tf)


def compat_v1_placeholder_only(ctx):
    tf = ctx.tf
    with ctx.subject("tf.compat.v1.placeholder + tf.compat.v1.Session"):
        _feed_and_run(ctx, tf.compat.v1)


def compat_v1_disable_eager_execution(ctx):
    tf = ctx.tf
    with ctx.subject("disable_eager_execution + compat.v1 placeholder/session"):
        tf.compat.v1.disable_eager_execution()
        _feed_and_run(ctx, tf.compat.v1)


def compat_v1_disable_v2_behavior(ctx):
    import importlib
    with ctx.subject("import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()"):
        tf = importlib.import_module("tensorflow.compat.v1")
        tf.disable_v2_behavior()
        _feed_and_run(ctx, tf)
