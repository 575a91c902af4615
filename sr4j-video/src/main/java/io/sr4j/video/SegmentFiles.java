package io.sr4j.video;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the segments of one run are written and read: a run's {@link WorkDirectory}, one file that
 * a caller chose for one segment ({@link VideoSegments#encode}), or the finished files a caller
 * hands to the join.
 */
interface SegmentFiles {
    /** The file of segment {@code index} (from 0). */
    Path segment(int index);

    /**
     * The content light level of segment {@code index}'s frames (HDR runs), beside the segment; it
     * is written before the segment itself, so a finished segment always has it.
     */
    default Path segmentLight(int index) {
        return lightOf(segment(index));
    }

    /** The light-level file beside {@code segment}. */
    static Path lightOf(Path segment) {
        return segment.resolveSibling(segment.getFileName() + ".light");
    }

    /** Segment {@code index} goes to {@code file}; no other segment has a file. */
    static SegmentFiles single(int index, Path file) {
        return i -> {
            if (i != index) {
                throw new IllegalStateException("segment " + i + " reached the encoder of segment " + index);
            }
            return file;
        };
    }

    /** The files of finished segments, in order. */
    static SegmentFiles of(List<Path> files) {
        List<Path> copy = List.copyOf(files);
        return copy::get;
    }
}
