/**
 * Running ONNX graphs. {@link io.sr4j.engine.Engine} opens one {@link io.sr4j.engine.InferenceSession}
 * per model; {@link io.sr4j.engine.OrtEngine} does it with ONNX Runtime (one native environment per
 * process, thread-safe sessions, options from {@link io.sr4j.engine.SessionOptions}). Tensors cross
 * the boundary as {@link io.sr4j.engine.FloatTensor} (a shape and a {@code FloatBuffer}) or as
 * planar images; no runtime type appears in the public API, failures are
 * {@link io.sr4j.engine.EngineException}.
 *
 * <p>Models come from {@link io.sr4j.engine.onnx} (graphs built in code) and importers such as
 * {@link io.sr4j.engine.ncnn}.
 */
package io.sr4j.engine;
