package io.sr4j.spark;

import io.sr4j.video.SegmentPlan;
import java.io.Serializable;

/**
 * A video of the job after planning: its segments, or that its output is already there, or why it
 * cannot be made.
 *
 * @param input   the video
 * @param bytes   its size on its file system (-1 if unknown)
 * @param plan    its segments; null when it failed or was finished before
 * @param video   how it is encoded (the job's settings, the codec chosen for it); null without a plan
 * @param error   why planning failed, naming the file; null otherwise
 * @param seconds time spent planning
 */
record PlannedVideo(InputFile input, long bytes, SegmentPlan plan, VideoSettings video, String error,
                    double seconds)
        implements Serializable {
    /** Its segments are to be made. */
    boolean ok() {
        return plan != null;
    }

    /** Its output was complete before this run: nothing to make. */
    boolean finished() {
        return plan == null && error == null;
    }
}
