package io.sr4j.engine.tfjs;

/**
 * Rewrites "nearest-neighbour upsampling by s, then a k×k convolution with TF SAME padding" as one
 * convolution at the low resolution with s²·O outputs followed by depth-to-space (DCR): the same
 * function, without the s²-times larger feature map between the two layers. The UpscalerJS RDN
 * models upsample their 3·s² feature channels this way before the last convolution; at ×8 that map
 * would be 192 channels at full output size (13 GB for a 512-px tile).
 *
 * <p>Why it is exact: output pixel (s·y + i, s·x + j) of the convolution reads upsampled pixels
 * s·y + i + d for kernel offsets d, which are low-resolution pixels y + ⌊(i + d) / s⌋. So phase
 * (i, j) is a low-resolution convolution whose taps are the sums of the original taps landing on the
 * same low-resolution pixel. Zero padding outside the upsampled image is zero padding outside the
 * low-resolution one, so borders agree too.
 *
 * @param weights   ONNX Conv weights [s²·O, C, size, size]; output channel (i·s + j)·O + o
 * @param size      the low-resolution kernel size
 * @param padBefore low-resolution padding before (top/left)
 * @param padAfter  low-resolution padding after (bottom/right)
 */
record SubPixelKernel(float[] weights, int size, int padBefore, int padAfter) {
    /**
     * @param kernel Keras kernel [k][k][in][out] of the convolution after the upsampling
     * @param k      its (square) size
     * @param s      the upsampling factor
     */
    static SubPixelKernel of(float[] kernel, int k, int in, int out, int s) {
        int before = (k - 1) / 2; // TF SAME: the odd pixel goes after
        int after = k - 1 - before;
        int lo = Math.floorDiv(-before, s);
        int hi = Math.floorDiv(s - 1 + after, s);
        int size = hi - lo + 1;
        float[] w = new float[s * s * out * in * size * size];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                for (int ky = 0; ky < k; ky++) {
                    int ly = Math.floorDiv(i + ky - before, s) - lo;
                    for (int kx = 0; kx < k; kx++) {
                        int lx = Math.floorDiv(j + kx - before, s) - lo;
                        for (int c = 0; c < in; c++) {
                            int src = ((ky * k + kx) * in + c) * out;
                            for (int o = 0; o < out; o++) {
                                int oc = (i * s + j) * out + o;
                                w[((oc * in + c) * size + ly) * size + lx] += kernel[src + o];
                            }
                        }
                    }
                }
            }
        }
        return new SubPixelKernel(w, size, -lo, hi);
    }
}
