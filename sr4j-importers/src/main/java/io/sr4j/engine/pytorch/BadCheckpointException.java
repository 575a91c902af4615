package io.sr4j.engine.pytorch;

/**
 * A problem found inside a checkpoint, before the file's name is known to the code that finds it.
 * {@link PytorchCheckpoints} turns it into a {@link io.sr4j.engine.ncnn.ModelImportException} that
 * names the file.
 */
final class BadCheckpointException extends RuntimeException {
    BadCheckpointException(String message) {
        super(message);
    }

    BadCheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
