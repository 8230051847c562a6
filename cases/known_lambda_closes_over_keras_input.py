"""Known root cause: a Lambda layer's function closes over another symbolic Keras tensor
(an Input it does not receive as an argument), the Mask R-CNN `gt_boxes` line:

    gt_boxes = KL.Lambda(lambda x: norm_boxes_graph(x, K.shape(input_image)[1:3]))(input_gt_boxes)

It built under TF 1.x and standalone Keras; from TF 2.4 (KerasTensors in the functional API) the
captured `input_image` is a KerasTensor inside the Lambda's traced call, and model construction
fails with "TypeError: Could not build a TypeSpec for KerasTensor(... 'tf.math.truediv' ...)".
Reported for TF 2.4-2.11 and later in matterport/Mask_RCNN#2458, #2557, #2620, #2764, #2875,
#2897, #3015, tensorflow/tensorflow#58983 (TF 2.11), BupyeongHealer/Mask_RCNN_tf_2.x#5 (TF 2.5)
and AarohiSingla/Mask-R-CNN-using-Tensorflow2#4 (TF 2.4). The fix posted in Mask_RCNN#2458
(rcx986635): pass the captured tensor in as a second input,
`KL.Lambda(lambda x: norm_boxes_graph2(x))([input_gt_boxes, input_image])`.

Model: image Input (8, 8, 3) and boxes Input (None, 4); norm_boxes_graph as in mrcnn/model.py.
"""

CASE = {
    "title": "a Lambda closes over another keras.Input (Mask R-CNN's gt_boxes): Could not build a "
             "TypeSpec for KerasTensor",
    "source": {"kind": "known",
               "refs": ["https://github.com/matterport/Mask_RCNN/issues/2458",
                        "https://github.com/matterport/Mask_RCNN/issues/2620",
                        "https://github.com/matterport/Mask_RCNN/issues/2557",
                        "https://github.com/tensorflow/tensorflow/issues/58983",
                        "https://github.com/BupyeongHealer/Mask_RCNN_tf_2.x/issues/5"],
               "title": "TypeError: Could not build a TypeSpec for KerasTensor (Mask R-CNN gt_boxes Lambda)",
               "frequency": {"reports": 12, "as_of": "2026-12-06",
                             "how": "issues search \"Could not build a TypeSpec for KerasTensor\" "
                                    "norm_boxes_graph: Mask_RCNN #2458 #2557 #2620 #2764 #2875 #2897 "
                                    "#3015, tensorflow#58983, Mask_RCNN_tf_2.x#5, "
                                    "Mask-R-CNN-using-Tensorflow2#4; under Keras 3 the same line gives "
                                    "the Lambda shape-inference NotImplementedError (Mask_RCNN#3038, "
                                    "Mask-R-CNN-using-Tensorflow2#3); several 'same error' comments on "
                                    "#2458 and Mask_RCNN_tf_2.x#5"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "gt_boxes_lambda_as_written": {
            "role": "broken",
            "title": "Lambda(lambda x: norm_boxes_graph(x, K.shape(input_image)[1:3]))(input_gt_boxes)",
            "claim": {"text": "building the model raises TypeError: Could not build a TypeSpec for "
                              "KerasTensor(... created by layer 'tf.math.truediv')",
                      "versions": "TF 2.4-2.11 (Mask_RCNN#2458, #2557, tensorflow#58983); it built before TF 2.4",
                      "scope": {"flavour": "tf.keras", "tf": ">=2.4,<2.16"},
                      "expect": {"error_type": "TypeError", "message": "^Could not build a TypeSpec for"}},
        },
        "captured_input_passed_in_fix": {
            "role": "fix",
            "title": "the captured Input passed in: Lambda(norm_boxes_graph2)([input_gt_boxes, input_image])",
            "claim": {"text": "passing input_image as a second input of the Lambda builds the model",
                      "versions": "TF 2.x (Mask_RCNN#2458, rcx986635)",
                      "scope": {"tf": ">=2"},
                      "expect": {"outcome": "ok"}},
        },
    },
}


def _norm_boxes_graph(tf, boxes, shape):
    """mrcnn/model.py's norm_boxes_graph: pixel boxes to normalised coordinates."""
    h, w = tf.split(tf.cast(shape, tf.float32), 2)
    scale = tf.concat([h, w, h, w], axis=-1) - tf.constant(1.0)
    shift = tf.constant([0., 0., 1., 1.])
    return tf.divide(boxes - shift, scale)


def _inputs(ctx):
    tf, keras = ctx.tf, ctx.keras
    input_image = keras.layers.Input(shape=(8, 8, 3), name="input_image")
    input_gt_boxes = keras.layers.Input(shape=[None, 4], name="input_gt_boxes", dtype=tf.float32)
    return input_image, input_gt_boxes


def _predict(ctx, model):
    import numpy as np
    boxes = model.predict([np.ones((1, 8, 8, 3), "float32"), np.full((1, 2, 4), 3.0, "float32")])
    ctx.observe("boxes_shape", list(np.shape(boxes)))


def gt_boxes_lambda_as_written(ctx):
    tf, keras = ctx.tf, ctx.keras
    K = keras.backend
    input_image, input_gt_boxes = _inputs(ctx)
    with ctx.subject("Lambda closing over input_image"):
        gt_boxes = keras.layers.Lambda(lambda x: _norm_boxes_graph(
            tf, x, K.shape(input_image)[1:3]))(input_gt_boxes)
        model = keras.models.Model([input_image, input_gt_boxes], gt_boxes)
    _predict(ctx, model)


def captured_input_passed_in_fix(ctx):
    tf, keras = ctx.tf, ctx.keras
    input_image, input_gt_boxes = _inputs(ctx)

    def norm_boxes_graph2(x):
        boxes, tensor_for_shape = x
        shape = tf.shape(tensor_for_shape)[1:3]
        return _norm_boxes_graph(tf, boxes, shape)

    with ctx.subject("Lambda given both inputs"):
        gt_boxes = keras.layers.Lambda(norm_boxes_graph2, output_shape=(None, 4))([input_gt_boxes, input_image])
        model = keras.models.Model([input_image, input_gt_boxes], gt_boxes)
    _predict(ctx, model)
