"""Known root cause: one non-persistent `tf.GradientTape` asked for two sets of gradients
(a GAN step computing the generator's and the discriminator's gradients from the same tape).

The TensorFlow DCGAN tutorial opens two tapes, `with tf.GradientTape() as gen_tape,
tf.GradientTape() as disc_tape:`. A Q&A thread about that tutorial ("TF 2.0: RuntimeError:
GradientTape.gradient can only be called once on non-persistent tapes") replaces them with a
single `tape` and calls `tape.gradient` twice inside the `@tf.function` train step, which
raises that RuntimeError; manicman1999/StyleGAN2-Tensorflow-2.0#14 asks the same question
and is told that "resources held by a GradientTape are released as soon as
GradientTape.gradient() is called ... he will need two GradientTape". tensorflow#31265
(TF 2.0 beta, two intertwined losses) gives the other fix: `tf.GradientTape(persistent=True)`
("and will probably want to explicitly `del tape`"); tensorflow#46487 shows the TF 2.4
wording, "A non-persistent GradientTape can only be used to compute one set of gradients
(or jacobians)", raised inside a `tf.function`.

The case is the tutorial's step in miniature: generator Dense(3) on noise of size 2,
discriminator Dense(1), the tutorial's cross-entropy losses, Adam, one `@tf.function` step.
Gradients recorded: `gen_kernel` and `disc_kernel` (both must be there).
"""

CASE = {
    "title": "One non-persistent GradientTape used for two sets of gradients (GAN train step)",
    "source": {"kind": "known",
               "refs": ["https://web-dev-qa-db-ja.com/ja/python/tf-20%EF%BC%9Aruntimeerror%EF%BC%9Agradienttapegradient%E3%81%AF%E3%80%81%E9%9D%9E%E6%B0%B8%E7%B6%9A%E7%9A%84%E3%81%AA%E3%83%86%E3%83%BC%E3%83%97%E3%81%A71%E5%9B%9E%E3%81%A0%E3%81%91%E5%91%BC%E3%81%B3%E5%87%BA%E3%81%99%E3%81%93%E3%81%A8%E3%81%8C%E3%81%A7%E3%81%8D%E3%81%BE%E3%81%99/809781426",
                        "https://github.com/manicman1999/StyleGAN2-Tensorflow-2.0/issues/14",
                        "https://github.com/tensorflow/tensorflow/issues/31265",
                        "https://github.com/tensorflow/tensorflow/issues/46487",
                        "https://github.com/tensorflow/tensorflow/issues/50661"],
               "title": "RuntimeError: A non-persistent GradientTape can only be used to compute one "
                        "set of gradients (or jacobians)",
               "frequency": {"reports": 5, "as_of": "2026-12-06",
                             "how": "issues + pages searches 'non-persistent GradientTape can only be used', "
                                    "'GradientTape.gradient can only be called once on non-persistent "
                                    "tapes', 'single GradientTape generator discriminator': tensorflow#31265, "
                                    "#46487, #50661, StyleGAN2-Tensorflow-2.0#14 and one Q&A thread on the "
                                    "DCGAN tutorial; tutorials that only demonstrate the error not counted"}},
    "applies_to": {"backends": ["tensorflow"]},
    "variants": {
        "gan_single_tape_as_written": {
            "role": "broken",
            "title": "@tf.function train_step: one `with tf.GradientTape() as tape:` for both losses, "
                     "tape.gradient(gen_loss, ...) then tape.gradient(disc_loss, ...)",
            "grads": ["gen_kernel", "disc_kernel"],
            "claim": {"text": "RuntimeError: GradientTape.gradient can only be called once on "
                              "non-persistent tapes (later: A non-persistent GradientTape can only be "
                              "used to compute one set of gradients)",
                      "versions": "TF 2.0 (the DCGAN tutorial thread), TF 2.4 wording (tensorflow#46487)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"error_type": "RuntimeError",
                                 "message": "can only be called once on non-persistent tapes|"
                                            "non-persistent GradientTape can only be used to ?compute "
                                            "one set of gradients"}},
        },
        "persistent_tape": {
            "role": "fix",
            "title": "the same step with tf.GradientTape(persistent=True), then del tape",
            "grads": ["gen_kernel", "disc_kernel"],
            "claim": {"text": "make the tape persistent (tf.GradientTape(persistent=True)) to compute "
                              "two sets of gradients, and del it afterwards",
                      "versions": "TF 2.0 beta (tensorflow#31265)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok",
                                 "grads": {"gen_kernel": "ok", "disc_kernel": "ok"}}},
        },
        "two_tapes": {
            "role": "fix",
            "title": "the tutorial's form: `with tf.GradientTape() as gen_tape, tf.GradientTape() as "
                     "disc_tape:`, one gradient call per tape",
            "grads": ["gen_kernel", "disc_kernel"],
            "claim": {"text": "use two GradientTapes, one per model",
                      "versions": "TF 2.x DCGAN tutorial (StyleGAN2-Tensorflow-2.0#14)",
                      "scope": {"tf": ">=2.0"},
                      "expect": {"outcome": "ok",
                                 "grads": {"gen_kernel": "ok", "disc_kernel": "ok"}}},
        },
    },
}


def _gan(ctx):
    import numpy as np
    tf, keras = ctx.tf, ctx.keras
    if not ctx.eager:
        ctx.skip("a TF 2 custom training step (eager GradientTape); this TensorFlow runs graph mode")
    generator = keras.Sequential([keras.layers.Dense(3, input_shape=(2,))])
    discriminator = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])
    cross_entropy = keras.losses.BinaryCrossentropy(from_logits=True)

    def generator_loss(fake_output):
        return cross_entropy(tf.ones_like(fake_output), fake_output)

    def discriminator_loss(real_output, fake_output):
        real_loss = cross_entropy(tf.ones_like(real_output), real_output)
        fake_loss = cross_entropy(tf.zeros_like(fake_output), fake_output)
        return real_loss + fake_loss

    images = tf.constant(np.random.RandomState(0).rand(4, 3).astype("float32"))
    noise = tf.constant(np.random.RandomState(1).rand(4, 2).astype("float32"))
    return (generator, discriminator, generator_loss, discriminator_loss,
            keras.optimizers.Adam(1e-4), keras.optimizers.Adam(1e-4), images, noise)


def _record(ctx, gradients_of_generator, gradients_of_discriminator):
    ctx.grad("gen_kernel", gradients_of_generator[0])
    ctx.grad("disc_kernel", gradients_of_discriminator[0])


def gan_single_tape_as_written(ctx):
    tf = ctx.tf
    (generator, discriminator, generator_loss, discriminator_loss,
     generator_optimizer, discriminator_optimizer, images, noise) = _gan(ctx)

    @tf.function
    def train_step(images, noise):
        with tf.GradientTape() as tape:
            generated_images = generator(noise, training=True)
            real_output = discriminator(images, training=True)
            fake_output = discriminator(generated_images, training=True)
            gen_loss = generator_loss(fake_output)
            disc_loss = discriminator_loss(real_output, fake_output)
        gradients_of_generator = tape.gradient(gen_loss, generator.trainable_variables)
        gradients_of_discriminator = tape.gradient(disc_loss, discriminator.trainable_variables)
        generator_optimizer.apply_gradients(zip(gradients_of_generator, generator.trainable_variables))
        discriminator_optimizer.apply_gradients(
            zip(gradients_of_discriminator, discriminator.trainable_variables))
        return gradients_of_generator, gradients_of_discriminator

    with ctx.subject("train_step"):
        _record(ctx, *train_step(images, noise))


def persistent_tape(ctx):
    tf = ctx.tf
    (generator, discriminator, generator_loss, discriminator_loss,
     generator_optimizer, discriminator_optimizer, images, noise) = _gan(ctx)

    @tf.function
    def train_step(images, noise):
        with tf.GradientTape(persistent=True) as tape:
            generated_images = generator(noise, training=True)
            real_output = discriminator(images, training=True)
            fake_output = discriminator(generated_images, training=True)
            gen_loss = generator_loss(fake_output)
            disc_loss = discriminator_loss(real_output, fake_output)
        gradients_of_generator = tape.gradient(gen_loss, generator.trainable_variables)
        gradients_of_discriminator = tape.gradient(disc_loss, discriminator.trainable_variables)
        del tape
        generator_optimizer.apply_gradients(zip(gradients_of_generator, generator.trainable_variables))
        discriminator_optimizer.apply_gradients(
            zip(gradients_of_discriminator, discriminator.trainable_variables))
        return gradients_of_generator, gradients_of_discriminator

    with ctx.subject("train_step"):
        _record(ctx, *train_step(images, noise))


def two_tapes(ctx):
    tf = ctx.tf
    (generator, discriminator, generator_loss, discriminator_loss,
     generator_optimizer, discriminator_optimizer, images, noise) = _gan(ctx)

    @tf.function
    def train_step(images, noise):
        with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
            generated_images = generator(noise, training=True)
            real_output = discriminator(images, training=True)
            fake_output = discriminator(generated_images, training=True)
            gen_loss = generator_loss(fake_output)
            disc_loss = discriminator_loss(real_output, fake_output)
        gradients_of_generator = gen_tape.gradient(gen_loss, generator.trainable_variables)
        gradients_of_discriminator = disc_tape.gradient(disc_loss, discriminator.trainable_variables)
        generator_optimizer.apply_gradients(zip(gradients_of_generator, generator.trainable_variables))
        discriminator_optimizer.apply_gradients(
            zip(gradients_of_discriminator, discriminator.trainable_variables))
        return gradients_of_generator, gradients_of_discriminator

    with ctx.subject("train_step"):
        _record(ctx, *train_step(images, noise))
