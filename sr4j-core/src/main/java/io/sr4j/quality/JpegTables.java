package io.sr4j.quality;

import java.util.OptionalInt;

/**
 * The quality a JPEG file was saved at, read from its quantisation tables: the inverse of the IJG
 * (libjpeg) quality scaling that almost every encoder uses (libjpeg, libjpeg-turbo, Java ImageIO,
 * Pillow, GIMP, ImageMagick). Quality Q scales the standard tables of the JPEG specification
 * (Annex K) by {@code S = Q < 50 ? 5000 / Q : 200 − 2Q} percent, each entry
 * {@code (base · S + 50) / 100} clamped to 1…255. The estimate is the Q whose scaled tables are
 * closest (sum of absolute differences) to the file's luma and (when present) chroma tables; for a
 * file from such an encoder it is exact. Encoders with their own tables (some cameras, Photoshop)
 * get the nearest IJG quality.
 */
public final class JpegTables {
    /** Annex K.1 luminance table, natural (row-major) order. */
    private static final int[] LUMA = {
        16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
        14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
        18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
        49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
    /** Annex K.2 chrominance table, natural order. */
    private static final int[] CHROMA = {
        17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
        24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
        99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};
    /** Natural-order index of the k-th coefficient in a DQT segment (zig-zag order). */
    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14,
        21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53,
        60, 61, 54, 47, 55, 62, 63};

    private JpegTables() {
    }

    /**
     * The estimated IJG quality (1–100) of the JPEG in {@code bytes}; empty if the bytes are not a
     * JPEG or hold no quantisation table before the first scan.
     */
    public static OptionalInt estimateQuality(byte[] bytes) {
        int[][] tables = readTables(bytes);
        if (tables[0] == null) {
            return OptionalInt.empty();
        }
        int best = 1;
        long bestError = Long.MAX_VALUE;
        for (int q = 1; q <= 100; q++) {
            long error = distance(tables[0], LUMA, q) + (tables[1] != null ? distance(tables[1], CHROMA, q) : 0);
            if (error < bestError) {
                bestError = error;
                best = q;
            }
        }
        return OptionalInt.of(best);
    }

    /** Sum of absolute differences between a table and the base table scaled to quality q. */
    private static long distance(int[] table, int[] base, int q) {
        int scale = q < 50 ? 5000 / q : 200 - 2 * q;
        long sum = 0;
        for (int i = 0; i < 64; i++) {
            int expected = Math.max(1, Math.min(255, (base[i] * scale + 50) / 100));
            sum += Math.abs(table[i] - expected);
        }
        return sum;
    }

    /** Tables 0 and 1 (natural order) from the DQT segments before the first SOS; null where absent. */
    private static int[][] readTables(byte[] b) {
        int[][] tables = new int[2][];
        if (b.length < 4 || (b[0] & 0xff) != 0xFF || (b[1] & 0xff) != 0xD8) {
            return tables;
        }
        int p = 2;
        while (p + 4 <= b.length) {
            if ((b[p] & 0xff) != 0xFF) {
                return tables; // not at a marker: damaged file, keep what was read
            }
            int marker = b[p + 1] & 0xff;
            if (marker == 0xFF) {
                p++; // fill byte
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                return tables;
            }
            int length = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
            int end = Math.min(b.length, p + 2 + length);
            if (marker == 0xDB) {
                readDqt(b, p + 4, end, tables);
            }
            p += 2 + length;
        }
        return tables;
    }

    private static void readDqt(byte[] b, int p, int end, int[][] tables) {
        while (p < end) {
            int precision = (b[p] & 0xff) >> 4;
            int id = b[p] & 0x0f;
            int size = precision == 0 ? 64 : 128;
            if (p + 1 + size > end) {
                return;
            }
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                int v = precision == 0 ? b[p + 1 + k] & 0xff
                        : ((b[p + 1 + 2 * k] & 0xff) << 8) | (b[p + 2 + 2 * k] & 0xff);
                table[ZIGZAG[k]] = v;
            }
            if (id < 2) {
                tables[id] = table;
            }
            p += 1 + size;
        }
    }
}
