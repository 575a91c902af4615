package io.sr4j.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Adam on plain float arrays. The networks here are small (≤ a few hundred thousand weights), so
 * copying weights and gradients out of the engine costs little, and holding the moments in Java
 * makes them part of the checkpoint: a resumed run continues exactly where it stopped.
 */
final class Adam {
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPSILON = 1e-8;

    private final float[][] first;
    private final float[][] second;

    Adam(List<Integer> sizes) {
        first = new float[sizes.size()][];
        second = new float[sizes.size()][];
        for (int i = 0; i < sizes.size(); i++) {
            first[i] = new float[sizes.get(i)];
            second[i] = new float[sizes.get(i)];
        }
    }

    /** Updates parameter {@code index} in place; {@code t} counts steps from 1. */
    void update(int index, float[] weight, float[] grad, double learningRate, long t) {
        float[] m = first[index];
        float[] v = second[index];
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < weight.length; i++) {
            double g = grad[i];
            m[i] = (float) (BETA1 * m[i] + (1 - BETA1) * g);
            v[i] = (float) (BETA2 * v[i] + (1 - BETA2) * g * g);
            weight[i] -= (float) (learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPSILON));
        }
    }

    void write(DataOutputStream out) throws IOException {
        for (int i = 0; i < first.length; i++) {
            Checkpoint.writeFloats(out, first[i]);
            Checkpoint.writeFloats(out, second[i]);
        }
    }

    void read(DataInputStream in) throws IOException {
        for (int i = 0; i < first.length; i++) {
            Checkpoint.readFloats(in, first[i]);
            Checkpoint.readFloats(in, second[i]);
        }
    }

    /** Cosine decay from {@code max} to {@code min} over {@code steps}. */
    static double cosine(long step, long steps, double max, double min) {
        return min + 0.5 * (max - min) * (1 + Math.cos(Math.PI * Math.min(step, steps) / steps));
    }
}
