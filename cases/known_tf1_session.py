"""Known reports: `tf.Session()` on TensorFlow 2: "AttributeError: module 'tensorflow' has no
attribute 'Session'".

tensorflow/tensorflow#18538 (locked by a maintainer: "There is no session in TF 2.x ... this has
been already answered multiple times"), tensorflow/tensorflow#47442 (TF 2.4.1,
`tf.Session(config=tf.ConfigProto(log_device_placement=True))`), barnumbirr/coinmarketcap#57
(TF 2.3.0, `with tf.Session() as sess:`), kochsebastian/ChessVisionBot#16 (TF 2.5.0),
Breta01/handwriting-ocr#140, albertbup/deep-belief-network#55, golbin/TensorFlow-Tutorials#60.
The fix posted most: `tf.compat.v1.Session()` (abishekvashok/Rep-Counter#5: "Changing the
tf.Session() part with tf.compat.v1.Session() worked for me"; deep-belief-network#55). Whether
that alone works depends on what the session is asked to run: a TF 2 program builds eager
tensors, which belong to no graph.

Each variant computes b = 3a from a constant a, the TF 1.x way (a session run) or eagerly.
"""

CASE = {
    "title": "tf.Session() on TensorFlow 2: tf.compat.v1.Session, or eager values",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tensorflow/issues/18538",
                        "https://github.com/tensorflow/tensorflow/issues/47442",
                        "https://github.com/barnumbirr/coinmarketcap/issues/57",
                        "https://github.com/abishekvashok/Rep-Counter/issues/5",
                        "https://github.com/albertbup/deep-belief-network/issues/55",
                        "https://github.com/kochsebastian/ChessVisionBot/issues/16"],
               "title": "AttributeError: module 'tensorflow' has no attribute 'Session'",
               "frequency": {"reports": 9,
                             "as_of": "2026-12-06",
                             "how": "issues search \"module 'tensorflow' has no attribute 'Session'\": "
                                    "9 threads in 8 repos (tensorflow#18538 locked after many duplicates); "
                                    "the held-out thread not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "session_as_written": {
            "role": "broken",
            "title": "a = tf.constant(2.0); b = a * 3; sess = tf.Session(); sess.run(b)",
            "claim": {"text": "AttributeError: module 'tensorflow' has no attribute 'Session' "
                              "(there is no session in TF 2.x)",
                      "versions": "TF 2.x (tensorflow#18538), 2.3.0 (coinmarketcap#57), 2.4.1 "
                                  "(tensorflow#47442), 2.5.0 (ChessVisionBot#16)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "AttributeError",
                                 "message": "has no attribute 'Session'"}},
        },
        "compat_v1_session": {
            "role": "fix",
            "title": "the same with sess = tf.compat.v1.Session()",
            "claim": {"text": "changing tf.Session() to tf.compat.v1.Session() worked",
                      "versions": "TF 2 (Rep-Counter#5, 2021; deep-belief-network#55)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "observed": {"result": 6.0}}},
        },
        "eager_value": {
            "role": "fix",
            "title": "no session: b = a * 3; b.numpy()",
            "claim": {"text": "there is no session in TF 2.x: tensors have values directly",
                      "versions": "TF 2.x (tensorflow#18538)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok", "observed": {"result": 6.0}}},
        },
    },
}


def _run_in_session(ctx, tf, make_session):
    a = tf.constant(2.0)
    b = a * 3
    sess = make_session()
    ctx.observe("result", float(sess.run(b)))
    sess.close()


def session_as_written(ctx):
    tf = ctx.tf
    with ctx.subject("tf.Session().run"):
        _run_in_session(ctx, tf, lambda: tf.Session())


def compat_v1_session(ctx):
    tf = ctx.tf
    with ctx.subject("tf.compat.v1.Session().run"):
        _run_in_session(ctx, tf, lambda: tf.compat.v1.Session())


def eager_value(ctx):
    tf = ctx.tf
    if not ctx.eager:
        ctx.skip("TF 1.x graph mode: tensors have no eager value")
    with ctx.subject("eager: b.numpy()"):
        a = tf.constant(2.0)
        b = a * 3
        ctx.observe("result", float(b.numpy()))
