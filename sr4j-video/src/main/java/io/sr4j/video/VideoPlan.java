package io.sr4j.video;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How one video is cut into segments for a given input and settings: the same input and settings
 * always give the same plan, so the segments can be encoded anywhere, in any order, any number of
 * times, and still join into one video ({@link VideoSegments}). Serializable, to travel with
 * distributed work.
 *
 * @param input         the input as the plan read it (absolute path)
 * @param settings      what the segments depend on (input size and time, model, scale, encoder, crf,
 *                      preset, window, segment length, HDR); a run resumed or joined with other
 *                      settings is refused
 * @param segmentFrames frames per segment (the last may have fewer); also the encoder's key interval
 * @param segments      the segments, in order
 */
public record VideoPlan(String input, Map<String, String> settings, int segmentFrames, List<Segment> segments)
        implements Serializable {
    /** {@link Segment#fromPts()} of a plan that counts frames: its input's packets carry no show times. */
    public static final long COUNTED = Long.MIN_VALUE;

    public VideoPlan {
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
        segments = List.copyOf(segments);
    }

    /** Frames of the whole window, as the packets list them. */
    public long frames() {
        return segments.stream().mapToLong(Segment::frames).sum();
    }

    /**
     * One segment: the frames shown from {@code fromPts} up to {@code toPts} (input stream time
     * base), which are frames {@code firstFrame} to {@code firstFrame + frames - 1} of the window.
     *
     * @param index      position in the plan, from 0
     * @param firstFrame index of its first frame in the window
     * @param frames     frames the packets list for it
     * @param fromPts    show time of its first frame, or {@link #COUNTED}: then the decoder skips
     *                   {@code firstFrame} frames from the window's start
     * @param toPts      show time of the next segment's first frame; {@link Long#MAX_VALUE} for the
     *                   last (every frame to the window's end)
     */
    public record Segment(int index, long firstFrame, long frames, long fromPts, long toPts) implements Serializable {
        boolean last(VideoPlan plan) {
            return index == plan.segments().size() - 1;
        }
    }
}
