"""tf.one_hot applied directly to a keras.Input while building a functional model.

Reported in https://github.com/fchollet/deep-learning-with-python-notebooks/issues/245
(book chapter 11): with Keras 3 it raises "ValueError: A KerasTensor cannot be used
as input to a TensorFlow function"; with Keras 2 (tf.keras up to TF 2.15) the raw
TensorFlow op is wrapped into a TFOpLambda layer and the model builds. Shapes shrunk.
"""
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

max_tokens = 20

inputs = keras.Input(shape=(None,), dtype="int64")
embedded = tf.one_hot(inputs, depth=max_tokens)
x = layers.Bidirectional(layers.LSTM(4))(embedded)
x = layers.Dropout(0.5)(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
model.summary()

print("prediction shape:", model.predict(np.zeros((2, 5), dtype="int64"), verbose=0).shape)
