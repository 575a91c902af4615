package io.sr4j.video;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one video is cut into segments that can be made independently ({@link VideoSegments}): the
 * frames of the chosen window, counted as decoded, in segments of {@code segmentFrames} frames (the
 * same cuts as {@link VideoUpscaler} makes, so the same segments), each named by the show times that
 * bound it. Serializable, so that a cluster's tasks can carry it.
 *
 * @param input         the input as planned (named in messages)
 * @param width         the input's coded frame width
 * @param height        the input's coded frame height
 * @param frames        frames in the window
 * @param segmentFrames frames per segment (the last may have fewer)
 * @param segments      the segments, in order
 * @param settings      the settings the segments must be made with (model, scale, encoder, crf, …)
 */
public record SegmentPlan(String input, int width, int height, long frames, int segmentFrames,
                          List<Segment> segments, Map<String, String> settings) implements Serializable {
    public SegmentPlan {
        Objects.requireNonNull(input, "input");
        segments = List.copyOf(segments);
        settings = Map.copyOf(settings);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException(input + ": a plan needs at least one segment");
        }
    }

    /**
     * One segment: frames {@code firstFrame} to {@code firstFrame + frames - 1} of the window, shown
     * from {@code fromPts} up to {@code toPts} (exclusive; the input video stream's time base,
     * {@link Long#MAX_VALUE} for the last segment).
     */
    public record Segment(int index, long firstFrame, int frames, long fromPts, long toPts) implements Serializable {
    }
}
