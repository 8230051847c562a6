"""Known reports: `load_model()` on an .h5 file that holds only weights (written by
`save_weights`, or by `ModelCheckpoint(save_weights_only=True)`): "ValueError: No model found in
config file."

udacity/CarND-Behavioral-Cloning-P3#6 (`model.save_weights('model.h5')` then `load_model('model.h5')`
in drive.py; the answer "Try `model.save('model.h5')` instead of `model.save_weights('model.h5')`" -
"You are Genius! Thanks it" worked), qqwweee/keras-yolo3#54 (the checkpoints `ep**.h5` "only
contains weights. You can run model = yolo_body(...); model.load_weights('ep**.h5') to use it. Or
model.save('model.h5') to get the model file. Or in train.py, save_weights_only=False in
ModelCheckpoint"), michalfaber/keras_Realtime_Multi-Person_Pose_Estimation#144,
amir-abdi/keras_to_tensorflow#32, Dobiasd/frugally-deep#41, imfing/keras-flask-deploy-webapp#1
("It seems that you want to loaded the weights as a model"), keras-team/keras#5231 and #6937 (a
comment: ModelCheckpoint silently saves weights only for a subclassed model in TF 2.4, then
load_model says "No model found in config file"); pierluigiferrari/ssd_keras#129 (the maintainer:
"the provided HDF5 files are weight files, not complete models ... You can't use them with
`load_model()`, you have to build a model and then load them with `model.load_weights()`"). Keras
2.13+ words it "ValueError: No model config found in the file at <tensorflow.python.platform.gfile.
GFile object at 0x...>." (keras-team/keras#18728). Standalone Keras 2.2.x raises "ValueError: Cannot
create group in read only mode." from `h5dict['model_config']` instead, the most reported form of
all: keras-team/keras#12298, caimingxie/h5_to_weight_yolo3#1 ("It cause by 'trained_weights_final.h5'
when save h5 file not include model just weights"), Golbstein/keras-face-recognition#3 ("Build your
model first and then use load_weights"), qqwweee/keras-yolo3#555, pierluigiferrari/ssd_keras#204,
Tony607/keras-tf-pb#3, matterport/Mask_RCNN#1572, krasserm/super-resolution#13 (Keras 2.2.4),
pvitoria/ChromaGAN#11, OlafenwaMoses/IdenProf#4, imfing/keras-flask-deploy-webapp#11,
LeonLok/Deep-SORT-YOLOv4#2.

Tiny Sequential model. Keras 3 names weight files `.weights.h5` (and refuses other names in
save_weights), so there the as-written file is `model.weights.h5`.
"""

CASE = {
    "title": "load_model on a weights-only .h5 (save_weights / ModelCheckpoint(save_weights_only=True))",
    "source": {"kind": "known",
               "refs": ["https://github.com/udacity/CarND-Behavioral-Cloning-P3/issues/6",
                        "https://github.com/qqwweee/keras-yolo3/issues/54",
                        "https://github.com/amir-abdi/keras_to_tensorflow/issues/32",
                        "https://github.com/imfing/keras-flask-deploy-webapp/issues/1",
                        "https://github.com/keras-team/keras/issues/6937",
                        "https://github.com/pierluigiferrari/ssd_keras/issues/129",
                        "https://github.com/keras-team/keras/issues/18728",
                        "https://github.com/keras-team/keras/issues/12298",
                        "https://github.com/caimingxie/h5_to_weight_yolo3/issues/1"],
               "title": "ValueError: No model found in config file.",
               "frequency": {"reports": 26, "reactions": 12, "as_of": "2026-12-06",
                             "how": "issues search 'No model found in config file' / 'No model config found "
                                    "in the file' / 'Cannot create group in read only mode' load_model: "
                                    "CarND#6, keras-yolo3#54 (2 'same problem' comments), "
                                    "Multi-Person_Pose#144, keras_to_tensorflow#32 (1), frugally-deep#41, "
                                    "keras-flask-deploy#1, keras#5231 (1), keras#6937, ssd_keras#129, "
                                    "tf-blazepose#15, keras-mtcnn#12, DeepCalib#36, keras#18728; keras#12298 "
                                    "(1), h5_to_weight_yolo3#1 (2), keras-face-recognition#3, "
                                    "keras-yolo3#555 (1), ssd_keras#204 (3), keras-tf-pb#3 (1), "
                                    "Mask_RCNN#1572, super-resolution#13, ChromaGAN#11, IdenProf#4 (1), "
                                    "keras-flask-deploy#11, Deep-SORT-YOLOv4#2"}},
    "variants": {
        "save_weights_then_load_model_as_written": {
            "role": "broken",
            "title": "model.save_weights('model.h5'), then load_model('model.h5')",
            "claim": {"text": "ValueError: No model found in config file. (Keras 2.2.x: Cannot create group "
                              "in read only mode.; Keras 2.13+: No model config found in the file at ...)",
                      "versions": "standalone Keras 1.2-2.2 (2017-2019), tf.keras (2020); keras#18728 (2023)",
                      "scope": {"flavour": ["keras-standalone", "tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "No model found in config file|No model config found in the file|"
                                            "Cannot create group in read.only mode"}},
        },
        "checkpoint_weights_only": {
            "role": "broken",
            "title": "fit(callbacks=[ModelCheckpoint('ep001.h5', save_weights_only=True)]), "
                     "load_model('ep001.h5')",
            "claim": {"text": "the checkpoint only contains weights: load_model raises ValueError: No "
                              "model found in config file.",
                      "versions": "keras-yolo3#54 (Keras 2.1, 2018)",
                      "scope": {"flavour": ["keras-standalone", "tf.keras", "tf_keras"]},
                      "expect": {"error_type": "ValueError",
                                 "message": "No model found in config file|No model config found in the file|"
                                            "Cannot create group in read.only mode"}},
        },
        "model_save_fix": {
            "role": "fix",
            "title": "model.save('model.h5') instead, load_model, predict",
            "claim": {"text": "model.save (architecture + weights) then load_model works",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
        "rebuild_load_weights_fix": {
            "role": "fix",
            "title": "rebuild the same architecture in code, load_weights('model.h5'), predict",
            "claim": {"text": "build the model in code and load_weights the weights-only file",
                      "expect": {"outcome": "ok", "observed": {"same_prediction": True}}},
        },
    },
}


def _x():
    import numpy as np
    return np.arange(6, dtype="float32").reshape(2, 3) / 6.0


def _model(ctx):
    keras = ctx.keras
    model = keras.models.Sequential([keras.layers.Dense(4, activation="relu", input_shape=(3,)),
                                     keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model


def _weights_file(ctx, stem):
    return stem + (".weights.h5" if ctx.keras_major == 3 else ".h5")


def _compare(ctx, model, other):
    import numpy as np
    same = np.allclose(model.predict(_x()), other.predict(_x()), atol=1e-6)
    ctx.observe("same_prediction", bool(same))


def save_weights_then_load_model_as_written(ctx):
    keras = ctx.keras
    model = _model(ctx)
    path = _weights_file(ctx, "model")
    model.save_weights(path)
    with ctx.subject("load_model(%r)" % path):
        loaded = keras.models.load_model(path)
        _compare(ctx, model, loaded)


def checkpoint_weights_only(ctx):
    import numpy as np
    keras = ctx.keras
    model = _model(ctx)
    path = _weights_file(ctx, "ep001")
    checkpoint = keras.callbacks.ModelCheckpoint(path, save_weights_only=True)
    model.fit(_x(), np.zeros((2, 1), "float32"), epochs=1, batch_size=2, verbose=0, callbacks=[checkpoint])
    with ctx.subject("load_model(%r)" % path):
        loaded = keras.models.load_model(path)
        _compare(ctx, model, loaded)


def model_save_fix(ctx):
    keras = ctx.keras
    model = _model(ctx)
    with ctx.subject("model.save('model.h5') + load_model"):
        model.save("model.h5")
        _compare(ctx, model, keras.models.load_model("model.h5"))


def rebuild_load_weights_fix(ctx):
    model = _model(ctx)
    path = _weights_file(ctx, "model")
    model.save_weights(path)
    with ctx.subject("rebuild + load_weights(%r)" % path):
        rebuilt = _model(ctx)
        rebuilt.load_weights(path)
        _compare(ctx, model, rebuilt)
