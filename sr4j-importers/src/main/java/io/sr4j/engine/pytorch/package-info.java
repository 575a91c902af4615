/**
 * Reading PyTorch checkpoints and safetensors files safely, in pure Java.
 *
 * <p>{@link io.sr4j.engine.pytorch.PytorchCheckpoints} is the way in; it returns a
 * {@link io.sr4j.engine.pytorch.StateDict} of {@link io.sr4j.engine.pytorch.Tensor}s (element type
 * as stored, shape, strides, float conversion on request). The zip format (PyTorch ≥ 1.6), the
 * legacy format (consecutive pickles) and safetensors are told apart by content. Pickles are read
 * by a reader that implements only the opcodes {@code torch.save} writes and an allow-list of
 * globals; REDUCE of an allowed global builds a Java value and nothing a file names is ever called.
 * Training wrappers ({@code params_ema}, {@code params}, {@code state_dict}, {@code model}) are
 * unwrapped and DataParallel's {@code module.} prefix removed. Bad files fail with
 * {@link io.sr4j.engine.ncnn.ModelImportException} naming the file and the problem.
 *
 * <p>{@link io.sr4j.engine.pytorch.PytorchImporter} recognises SRVGGNetCompact, RRDBNet, OmniSR, SPAN,
 * RealPLKSR, Real-CUGAN, SwinIR, HAT and DAT from a state dict's names and shapes and writes them as ONNX graphs ({@code TorchGraph} holds the
 * PyTorch operations they use; one class per architecture reads its hyper-parameters).
 */
package io.sr4j.engine.pytorch;
