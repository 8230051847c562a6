"""Known reports: `model.save(path, save_format='tf')` / `save_format='h5'` (Keras 2's way to
pick SavedModel or HDF5) under Keras 3: "ValueError: The `save_format` argument is deprecated in
Keras 3. Please remove this argument and pass a file path with either `.keras` or `.h5`
extension.Received: save_format=tf".

tensorflow/tflite-micro#3623 (hello_world/train.py `model.save(FLAGS.save_dir,
save_format="tf")`; fixed with the .keras format, tflite-micro#3622, and a user reports
"change ... to model.export(FLAGS.save_dir)" works), KichangKim/DeepDanbooru#105 and #106
(`model.save('model-resnet.h5.e1', include_optimizer=False, save_format='h5')` in
train_project.py: "Received: save_format=h5"), c2siorg/tensormap#411 (TF 2.16.2,
`tf.keras.models.save_model(model, dir, save_format="tf")` "raises every single time"),
aws/amazon-sagemaker-examples#4778 (use `keras.Model.export`). The argument was deprecated when
Keras 3 dropped the SavedModel format (keras-team/keras-core#674). Loading the files is another
matter (known_savedmodel_keras3, and the serialization cases).
"""

CASE = {
    "title": "model.save(path, save_format='tf' / 'h5') in Keras 3, model.export and .keras",
    "source": {"kind": "known",
               "refs": ["https://github.com/tensorflow/tflite-micro/issues/3623",
                        "https://github.com/tensorflow/tflite-micro/pull/3622",
                        "https://github.com/KichangKim/DeepDanbooru/issues/105",
                        "https://github.com/c2siorg/tensormap/issues/411",
                        "https://github.com/aws/amazon-sagemaker-examples/pull/4778",
                        "https://github.com/keras-team/keras-core/pull/674"],
               "title": "ValueError: The `save_format` argument is deprecated in Keras 3",
               "frequency": {"reports": 7,
                             "as_of": "2026-12-06",
                             "how": "issues search 'The save_format argument is deprecated in Keras 3': "
                                    "tflite-micro (issue + 2 PRs), DeepDanbooru x2, tensormap, sagemaker PR: "
                                    "7 threads in 4 repos"}},
    "variants": {
        "save_format_tf": {
            "role": "broken",
            "title": "model.save('saved_model_dir', save_format='tf')",
            "claim": {"text": "ValueError: The `save_format` argument is deprecated in Keras 3 ... "
                              "Received: save_format=tf",
                      "versions": "Keras 3 (tflite-micro#3623), TF 2.16.2 (tensormap#411)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "save_format. argument is deprecated in Keras 3"}},
        },
        "save_format_h5": {
            "role": "broken",
            "title": "model.save('model-resnet.h5.e1', include_optimizer=False, save_format='h5')",
            "claim": {"text": "ValueError: The `save_format` argument is deprecated in Keras 3 ... "
                              "Received: save_format=h5",
                      "versions": "the latest tensorflow, Python 3.12 era (DeepDanbooru#105/#106, July 2024)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"error_type": "ValueError",
                                 "message": "save_format. argument is deprecated in Keras 3"}},
        },
        "export_savedmodel": {
            "role": "fix",
            "title": "model.export('saved_model_dir')",
            "claim": {"text": "change model.save(dir, save_format='tf') to model.export(dir): it worked",
                      "versions": "Keras 3 on TensorFlow (tflite-micro#3623)",
                      "scope": {"flavour": "keras3", "backend": "tensorflow"},
                      "expect": {"outcome": "ok"}},
        },
        "keras_extension": {
            "role": "fix",
            "title": "model.save('model.keras') (no save_format)",
            "claim": {"text": "use the Keras native format (.keras) instead of save_format",
                      "versions": "Keras 3 (tflite-micro#3622)",
                      "scope": {"flavour": "keras3"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _model(ctx):
    import numpy as np
    keras = ctx.keras
    inputs = keras.layers.Input((3,))
    model = keras.models.Model(inputs, keras.layers.Dense(2)(inputs))
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.ones((4, 3), dtype="float32"), np.ones((4, 2), dtype="float32"), epochs=1, verbose=0)
    return model


def save_format_tf(ctx):
    model = _model(ctx)
    with ctx.subject("model.save(dir, save_format='tf')"):
        model.save("saved_model_dir", save_format="tf")


def save_format_h5(ctx):
    model = _model(ctx)
    with ctx.subject("model.save('model-resnet.h5.e1', save_format='h5')"):
        model.save("model-resnet.h5.e1", include_optimizer=False, save_format="h5")


def export_savedmodel(ctx):
    model = _model(ctx)
    if not hasattr(model, "export"):
        ctx.skip("Model.export does not exist in this Keras")
    with ctx.subject("model.export(dir)"):
        model.export("saved_model_dir")


def keras_extension(ctx):
    model = _model(ctx)
    with ctx.subject("model.save('model.keras')"):
        model.save("model.keras")
