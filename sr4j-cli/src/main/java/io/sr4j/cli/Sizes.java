package io.sr4j.cli;

import java.util.Locale;

/** Human-readable sizes and numbers for the command's output (decimal units, as npm shows them). */
final class Sizes {
    private Sizes() {
    }

    /** {@code 2435272} → {@code "2.4 MB"}, {@code 5093} → {@code "5.1 kB"}, {@code 900} → {@code "900 B"}. */
    static String megabytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        if (bytes < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    /** A scale factor as the user would write it: {@code 4}, {@code 2.5}, {@code 0.75}. */
    static String scale(double s) {
        return s == Math.rint(s) && Math.abs(s) < 1e15 ? Long.toString((long) s) : Double.toString(s);
    }
}
