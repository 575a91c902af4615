package io.sr4j.engine.pytorch;

/**
 * A storage a pickle refers to by persistent id: {@code ('storage', torch.FloatStorage, key,
 * location, numel[, view])}. Its bytes live outside the pickle (a zip entry, or after the legacy
 * pickles); the format reader finds them by {@code key}.
 *
 * @param key        the storage's key in the file
 * @param dtype      its element type
 * @param numel      elements the file declares for it
 * @param viewOffset elements into the storage where a legacy storage view starts (0 otherwise)
 */
record StorageRef(String key, DType dtype, long numel, long viewOffset) {
}
