package io.sr4j.engine;

import io.sr4j.Sr4jException;

/**
 * A failure inside the inference engine (model rejected by the runtime, a run that failed, a
 * provider that is not available). The runtime's own exception, if any, is the cause.
 */
public class EngineException extends Sr4jException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
