/**
 * Importing ncnn models ({@code .param} + {@code .bin}) as ONNX graphs.
 *
 * <p>{@link io.sr4j.engine.ncnn.NcnnImporter} is the way in: it parses the text
 * ({@link io.sr4j.engine.ncnn.NcnnParamParser}), reads the weights in layer order
 * ({@link io.sr4j.engine.ncnn.NcnnWeights}, fp16 via {@link io.sr4j.engine.ncnn.Float16}) and converts
 * layer by layer following ncnn's CPU semantics. {@link io.sr4j.engine.ncnn.ImportOptions} adds
 * what the reference programs do around some networks: Real-CUGAN's shared squeeze-excitation
 * statistics ("syncgap") as extra graph outputs or inputs, and Real-CUGAN up4x's input residual.
 * Malformed or unsupported models fail with {@link io.sr4j.engine.ncnn.ModelImportException}.
 */
package io.sr4j.engine.ncnn;
