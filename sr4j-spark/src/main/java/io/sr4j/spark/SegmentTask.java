package io.sr4j.spark;

import java.io.Serializable;

/**
 * One segment of one video: a unit of work.
 *
 * @param video   the video's position in the job's list of planned videos
 * @param segment the segment's index in the video's plan
 */
record SegmentTask(int video, int segment) implements Serializable, Comparable<SegmentTask> {
    @Override
    public int compareTo(SegmentTask o) {
        return video != o.video ? Integer.compare(video, o.video) : Integer.compare(segment, o.segment);
    }
}
