package io.sr4j.engine.pytorch;

/**
 * What {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, …)} in a pickle
 * describes: a strided view of a storage whose bytes have not been read yet.
 */
record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {
}
