/**
 * Writing ONNX models: {@link io.sr4j.engine.onnx.OnnxGraphBuilder} assembles a graph (inputs with
 * symbolic sizes, weights, nodes) and serialises it as an opset-17 {@code ModelProto};
 * {@link io.sr4j.engine.onnx.OnnxFiles} stores it without ever exposing half a file.
 */
package io.sr4j.engine.onnx;
