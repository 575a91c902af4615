/**
 * Importing TensorFlow.js layers models (Keras {@code model.json} + binary weight shards) as ONNX
 * graphs.
 *
 * <p>{@link io.sr4j.engine.tfjs.TfjsImporter} is the way in: {@link io.sr4j.engine.tfjs.TfjsModel}
 * parses the Keras topology and the weights manifest, {@link io.sr4j.engine.tfjs.TfjsWeights} reads
 * the shards (float32, or uint8/uint16/float16 quantised) and the converter writes an NCHW graph:
 * Keras' channels-last tensors become ONNX's channels-first ones (kernels transposed, concatenation
 * axes mapped). The UpscalerJS models' custom layers ({@code MultiplyBeta}, {@code PixelShuffleNx})
 * follow the JavaScript code their npm packages ship. Malformed or unsupported models fail with
 * {@link io.sr4j.engine.ncnn.ModelImportException}, as ncnn models do.
 */
package io.sr4j.engine.tfjs;
