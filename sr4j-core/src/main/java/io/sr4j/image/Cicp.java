package io.sr4j.image;

/**
 * Coding-independent code points (ITU-T H.273): the colour primaries, transfer characteristics and
 * matrix of an image or video, as PNG's {@code cICP} chunk, AVIF's {@code colr} box and video
 * streams carry them.
 *
 * @param primaries 1 BT.709, 9 BT.2020, 12 Display P3 (SMPTE EG 432), …
 * @param transfer  1 BT.709, 13 sRGB, 16 PQ (SMPTE ST 2084), 18 HLG (ARIB STD-B67), …
 * @param matrix    0 RGB (identity), 1 BT.709, 9 BT.2020 non-constant luminance, …
 * @param fullRange full-range samples (images: always), else narrow (video) range
 */
public record Cicp(int primaries, int transfer, int matrix, boolean fullRange) {
    public static final int PRIMARIES_BT709 = 1;
    public static final int PRIMARIES_BT2020 = 9;
    public static final int TRANSFER_SRGB = 13;
    public static final int TRANSFER_PQ = 16;
    public static final int TRANSFER_HLG = 18;

    public Cicp {
        for (int code : new int[] {primaries, transfer, matrix}) {
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("a CICP code point is one byte, got " + code);
            }
        }
    }

    /** Whether the transfer is an HDR one (PQ or HLG). */
    public boolean isHdr() {
        return transfer == TRANSFER_PQ || transfer == TRANSFER_HLG;
    }

    /** The primaries in words: {@code BT.2020}, {@code BT.709}, … or the code point. */
    public String primariesName() {
        return switch (primaries) {
            case 1 -> "BT.709";
            case 9 -> "BT.2020";
            case 11 -> "DCI-P3";
            case 12 -> "Display P3";
            default -> "primaries " + primaries;
        };
    }

    /** The transfer in words: {@code PQ (SMPTE ST 2084)}, {@code HLG (ARIB STD-B67)}, … or the code point. */
    public String transferName() {
        return switch (transfer) {
            case 1, 6, 14, 15 -> "BT.709";
            case 8 -> "linear";
            case 13 -> "sRGB";
            case 16 -> "PQ (SMPTE ST 2084)";
            case 18 -> "HLG (ARIB STD-B67)";
            default -> "transfer " + transfer;
        };
    }

    @Override
    public String toString() {
        return primariesName() + " / " + transferName() + " (cICP " + primaries + "/" + transfer + "/" + matrix + "/"
                + (fullRange ? 1 : 0) + ")";
    }
}
