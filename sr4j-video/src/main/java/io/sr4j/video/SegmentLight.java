package io.sr4j.video;

import io.sr4j.color.ContentLightLevel;
import io.sr4j.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The content light level of one HDR segment, in a small text file beside it ({@code MaxCLL
 * MaxFALL} in cd/m²), so that a resumed run combines the segments of both runs at the join.
 */
final class SegmentLight {
    private SegmentLight() {
    }

    static void write(Path file, ContentLightLevel light) throws IOException {
        String text = String.format(Locale.ROOT, "%.6f %.6f%n", light.maxCll(), light.maxFall());
        AtomicFiles.write(file, out -> out.write(text.getBytes(StandardCharsets.US_ASCII)));
    }

    static ContentLightLevel read(Path file) {
        try {
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split("\\s+");
            return new ContentLightLevel(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
        } catch (IOException | RuntimeException e) {
            throw new VideoException(file + ": cannot read the segment's light level (" + e.getMessage()
                    + "); run without --resume to start over", e);
        }
    }

    /** The programme's level: the segments' combined. */
    static ContentLightLevel combined(List<Path> files) {
        ContentLightLevel all = ContentLightLevel.NONE;
        for (Path f : files) {
            all = all.combine(read(f));
        }
        return all;
    }
}
