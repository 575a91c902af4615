package io.sr4j.io;

import java.nio.charset.StandardCharsets;

/** Facts read from an ICC profile's 128-byte header (ICC.1, section 7.2). */
final class IccProfiles {
    private IccProfiles() {
    }

    /** The data colour space signature at bytes 16–19 ("RGB ", "GRAY", "CMYK", …), or "" if too short. */
    static String colourSpace(byte[] profile) {
        if (profile == null || profile.length < 128) {
            return "";
        }
        return new String(profile, 16, 4, StandardCharsets.US_ASCII);
    }
}
