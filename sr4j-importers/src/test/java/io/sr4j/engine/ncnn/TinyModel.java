package io.sr4j.engine.ncnn;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Writes small ncnn models in the test: {@code .param} text and {@code .bin} bytes, with weights
 * stored as fp32, fp16 or raw blobs exactly as the format's table says.
 */
final class TinyModel {
    private final List<String> lines = new ArrayList<>();
    private final Set<String> blobs = new LinkedHashSet<>();
    private final ByteArrayOutputStream bin = new ByteArrayOutputStream();

    /** Adds a layer record: {@code type name nb nt bottoms… tops… params}. */
    TinyModel layer(String type, String name, List<String> bottoms, List<String> tops, String params) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-16s %-16s %d %d", type, name, bottoms.size(), tops.size()));
        for (String b : bottoms) {
            sb.append(' ').append(b);
        }
        for (String t : tops) {
            sb.append(' ').append(t);
            blobs.add(t);
        }
        if (!params.isEmpty()) {
            sb.append(' ').append(params);
        }
        lines.add(sb.toString());
        return this;
    }

    TinyModel input(String blob) {
        return layer("Input", "input", List.of(), List.of(blob), "");
    }

    String param() {
        return "7767517\n" + lines.size() + " " + blobs.size() + "\n" + String.join("\n", lines) + "\n";
    }

    byte[] bin() {
        return bin.toByteArray();
    }

    /** A flagged fp32 blob (tag 0). */
    TinyModel fp32(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0);
        for (float v : values) {
            b.putFloat(v);
        }
        bin.writeBytes(b.array());
        return this;
    }

    /** A flagged fp16 blob: tag, the half bit patterns, zero padding to a multiple of 4 bytes. */
    TinyModel fp16(short[] halves) {
        int length = (2 * halves.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(4 + length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x01306B47);
        for (short h : halves) {
            b.putShort(h);
        }
        bin.writeBytes(b.array());
        return this;
    }

    /** A raw blob: fp32 values, no tag. */
    TinyModel raw(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        bin.writeBytes(b.array());
        return this;
    }

    TinyModel bytes(byte[] raw) {
        bin.writeBytes(raw);
        return this;
    }

    /**
     * Random halves of moderate size (|v| in about [1/64, 2)), so that sums of a few hundred
     * products stay well inside float precision for a 1e-4 comparison.
     */
    static short[] randomHalves(Random rnd, int n) {
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            int sign = rnd.nextBoolean() ? 0x8000 : 0;
            int exponent = 9 + rnd.nextInt(7); // 2^-6 .. 2^0
            out[i] = (short) (sign | (exponent << 10) | rnd.nextInt(1024));
        }
        return out;
    }

    /** The exact values of halves (by the IEEE definition, independently of Float16). */
    static float[] values(short[] halves) {
        float[] out = new float[halves.length];
        for (int i = 0; i < halves.length; i++) {
            int bits = halves[i] & 0xffff;
            int e = (bits >>> 10) & 0x1f;
            int f = bits & 0x3ff;
            float m = e == 0 ? Math.scalb((float) f, -24) : Math.scalb((float) (1024 + f), e - 25);
            out[i] = (bits & 0x8000) != 0 ? -m : m;
        }
        return out;
    }

    static float[] randomFloats(Random rnd, int n, float scale) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (rnd.nextGaussian() * scale);
        }
        return out;
    }
}
