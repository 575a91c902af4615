package io.sr4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The process's peak resident memory (Java heap, native ONNX Runtime buffers and all). */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private PeakMemory() {
    }

    /** {@code VmHWM} of {@code /proc/self/status} in bytes; empty where there is no such file (not Linux). */
    public static OptionalLong residentHighWaterBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return OptionalLong.of(parseKilobytes(line.substring("VmHWM:".length())) * 1024);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** {@code "   123456 kB"} → 123456. */
    static long parseKilobytes(String field) {
        String value = field.trim();
        if (!value.endsWith("kB")) {
            throw new IllegalArgumentException("not a kB figure: " + field);
        }
        return Long.parseLong(value.substring(0, value.length() - 2).trim());
    }
}
