package io.sr4j.color;

import io.sr4j.image.Cicp;

import java.util.Locale;

/** The HDR signals sr4j writes: BT.2020 primaries with the PQ (HDR10) or HLG transfer. */
public enum HdrFormat {
    HDR10("hdr10", Cicp.TRANSFER_PQ),
    HLG("hlg", Cicp.TRANSFER_HLG);

    private final String token;
    private final int transfer;

    HdrFormat(String token, int transfer) {
        this.token = token;
        this.transfer = transfer;
    }

    /** {@code hdr10} or {@code hlg}, as the command line spells it. */
    public String token() {
        return token;
    }

    /** The full-range RGB code points of a still image in this format. */
    public Cicp imageCicp() {
        return new Cicp(Cicp.PRIMARIES_BT2020, transfer, 0, true);
    }

    /** {@code hdr10} (or {@code pq}) and {@code hlg}, any case. */
    public static HdrFormat parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "hdr10", "pq" -> HDR10;
            case "hlg" -> HLG;
            default -> throw new IllegalArgumentException("unknown HDR format '" + text + "'; sr4j writes hdr10 or hlg");
        };
    }

    /** The format of an HDR transfer code point (16 PQ, 18 HLG). */
    public static HdrFormat ofTransfer(int transferCode) {
        for (HdrFormat f : values()) {
            if (f.transfer == transferCode) {
                return f;
            }
        }
        throw new IllegalArgumentException("transfer " + transferCode + " is not an HDR transfer (16 PQ, 18 HLG)");
    }
}
