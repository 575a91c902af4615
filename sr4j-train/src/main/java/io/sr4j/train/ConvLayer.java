package io.sr4j.train;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * A square convolution padded by half its kernel (same size at stride 1, half size at stride 2):
 * the DJL block and the geometry the exporter needs.
 */
record ConvLayer(String name, Conv2d block, int kernel, int groups, int stride) {

    static ConvLayer of(String name, int filters, int kernel, int groups, boolean bias) {
        return of(name, filters, kernel, groups, bias, 1);
    }

    static ConvLayer of(String name, int filters, int kernel, int groups, boolean bias, int stride) {
        Conv2d conv = Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optStride(new Shape(stride, stride))
                .setFilters(filters)
                .optGroups(groups)
                .optBias(bias)
                .build();
        return new ConvLayer(name, conv, kernel, groups, stride);
    }

    int padding() {
        return kernel / 2;
    }
}
