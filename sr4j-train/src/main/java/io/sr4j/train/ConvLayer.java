package io.sr4j.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** A square, stride-1, same-size convolution: the DJL block and the geometry the exporter needs. */
record ConvLayer(String name, Conv2d block, int kernel, int groups) {

    static ConvLayer of(String name, int filters, int kernel, int groups, boolean bias) {
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters)
                .optGroups(groups)
                .optBias(bias)
                .build();
        return new ConvLayer(name, conv, kernel, groups);
    }

    int padding() {
        return kernel / 2;
    }
}
