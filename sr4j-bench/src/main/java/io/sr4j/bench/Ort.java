package io.sr4j.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/** The process's ONNX Runtime environment, asked for with the same settings as sr4j's engine (ONNX Runtime allows one). */
final class Ort {
    private Ort() {
    }

    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "sr4j");
    }
}
