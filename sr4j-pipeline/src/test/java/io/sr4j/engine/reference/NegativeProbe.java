package io.sr4j.engine.reference;

import io.sr4j.engine.reference.ReferenceProgram.Family;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a copy of a reference model whose output is the original output + 0.5, so that a run on
 * llvmpipe shows which samples were negative (llvmpipe turns negative values into 255 when it
 * converts the output to 8 bits; shifted by 0.5 they stay in range).
 *
 * <p>Why 0.5: the shifted run writes {@code floor(v·255 + 128)}, which is ≤ 127 exactly when
 * v &lt; 0. The values that matter, around v·255 = −0.5 (where the original conversion starts to
 * wrap), land mid-way between levels 127 and 128, far from the rounding edge, so the fp16 storage
 * of the output (about 0.06 levels near 0.5) cannot flip the decision. A shift of 1.0 puts that edge
 * exactly on the clamp at 255 and misses borderline samples (seen: 1 in 119). Values below −0.5
 * (−127 levels) would wrap again; measured negatives reach about −25 levels.
 *
 * <p>The appended layer must be one the program was built with: BinaryOp (add scalar) for
 * upscayl-bin, realesrgan- and realcugan-ncnn-vulkan; Scale with bias for waifu2x-ncnn-vulkan,
 * whose build lacks BinaryOp (it crashes on an unknown layer).
 */
final class NegativeProbe {
    private static final String LAYER_NAME = "sr4j_negative_probe";
    private static final String RAW_SUFFIX = "_sr4j_raw";
    /** Added to the output; see the class comment. */
    static final float SHIFT = 0.5f;
    /** Shifted-run levels at or below this mean the original value was negative. */
    static final int NEGATIVE_AT_OR_BELOW = 127;

    private NegativeProbe() {
    }

    /**
     * Writes the shifted {@code .param}/{@code .bin} of {@code command}'s model into {@code dir}
     * (created), named as the originals.
     *
     * @return {@code dir}
     */
    static Path writeShiftedModel(ReferenceCommand command, Path dir) throws IOException {
        Files.createDirectories(dir);
        Family family = command.family();
        String param = Files.readString(command.paramFile(), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(command.paramFile().getFileName()),
                shiftedParam(param, outputBlob(family), family.probeLayer), StandardCharsets.US_ASCII);
        Path bin = dir.resolve(command.binFile().getFileName());
        Files.copy(command.binFile(), bin);
        if (family.probeLayer == ReferenceProgram.ProbeLayer.SCALE) {
            // Scale's weights come last in the .bin (it is the last layer): 3 raw fp32 scales, then
            // 3 raw fp32 biases (no flag word for raw blobs): scale 1, bias SHIFT.
            ByteBuffer extra = ByteBuffer.allocate(6 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 6; i++) {
                extra.putFloat(i < 3 ? 1f : SHIFT);
            }
            try (OutputStream out = Files.newOutputStream(bin, StandardOpenOption.APPEND)) {
                out.write(extra.array());
            }
        }
        return dir;
    }

    /** The blob each program extracts as the network's output. */
    static String outputBlob(Family family) {
        return switch (family) {
            case UPSCAYL, REALESRGAN -> "output";
            case REALCUGAN -> "out0";
            case WAIFU2X -> "Eltwise4";
        };
    }

    /**
     * {@code param} (ncnn text format, one layer per line) with the layer producing {@code output}
     * renamed to produce {@code output_sr4j_raw}, and a layer appended that computes
     * {@code output = output_sr4j_raw + 0.5}. The header's layer and blob counts grow by one.
     *
     * @throws IllegalArgumentException if the text is not an ncnn param file whose last layer makes
     *     {@code output}
     */
    static String shiftedParam(String param, String output, ReferenceProgram.ProbeLayer layer) {
        List<String> lines = new ArrayList<>();
        for (String line : param.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        if (lines.size() < 3 || !lines.get(0).equals("7767517")) {
            throw new IllegalArgumentException("not an ncnn param file (magic 7767517 missing)");
        }
        String[] counts = lines.get(1).split("\\s+");
        if (counts.length != 2) {
            throw new IllegalArgumentException("bad ncnn param header: " + lines.get(1));
        }
        int layers = Integer.parseInt(counts[0]);
        int blobs = Integer.parseInt(counts[1]);

        // Layer record: type name bottom_count top_count bottoms... tops... key=value...
        int last = lines.size() - 1;
        String[] tokens = lines.get(last).split("\\s+");
        int bottoms = Integer.parseInt(tokens[2]);
        int tops = Integer.parseInt(tokens[3]);
        if (tops != 1 || !tokens[4 + bottoms].equals(output)) {
            throw new IllegalArgumentException("the last layer does not produce the output blob " + output + ": "
                    + lines.get(last));
        }
        tokens[4 + bottoms] = output + RAW_SUFFIX;
        lines.set(last, String.join(" ", tokens));
        lines.set(1, (layers + 1) + " " + (blobs + 1));
        String io = " 1 1 " + output + RAW_SUFFIX + " " + output;
        lines.add(switch (layer) {
            // op 0 = add, 1=1 with a scalar, 2 = the scalar
            case BINARY_OP -> "BinaryOp " + LAYER_NAME + io + " 0=0 1=1 2=5.000000e-01";
            // 3 per-channel scales, with bias (both read from the .bin)
            case SCALE -> "Scale " + LAYER_NAME + io + " 0=3 1=1";
        });
        return String.join("\n", lines) + "\n";
    }

    /** Best effort: a temp folder left behind is harmless, and must not hide the run's own failure. */
    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete temp folder " + dir + ": " + e);
        }
    }
}
