package io.sr4j.video;

/**
 * What {@link VideoSegments#encode} made.
 *
 * @param index   the segment's index in its plan
 * @param frames  frames encoded
 * @param width   encoded width
 * @param height  encoded height
 * @param seconds wall time
 */
public record SegmentResult(int index, int frames, int width, int height, double seconds) {
}
