package io.sr4j.train;

import ai.djl.nn.core.Linear;

/** A fully connected layer (weight [out, in] plus bias): exported as ONNX Gemm with transB. */
record DenseLayer(String name, Linear block) {
    static DenseLayer of(String name, int units) {
        return new DenseLayer(name, Linear.builder().setUnits(units).optBias(true).build());
    }
}
