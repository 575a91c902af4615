package io.sr4j.spark;

import org.apache.spark.sql.Row;

/** The manifest's lines for videos and their segments. */
final class VideoRows {
    private VideoRows() {
    }

    /**
     * A segment's line: the video is the input, the segment file the output.
     *
     * @param width  encoded width, or null when not encoded now (skipped) or failed
     * @param height encoded height, or null
     * @param bytes  the segment file's size, or null when failed
     * @param frames frames in the segment, or null when failed
     */
    static Row segment(PlannedVideo video, int index, String target, ManifestRow.Status status, String error,
                       Integer width, Integer height, Long bytes, Long frames, ModelColumns models, double seconds) {
        return Manifest.toRow(new ManifestRow(video.input().path(), target, status, error, video.plan().width(),
                video.plan().height(), video.bytes() < 0 ? null : video.bytes(), width, height, bytes, models.model(),
                models.sha256(), models.denoiser(), seconds, null, ManifestRow.Kind.SEGMENT, index, frames));
    }

    /**
     * A video's line.
     *
     * @param width  the output's width, or null when failed
     * @param height the output's height, or null
     * @param bytes  the output's size, or null when failed
     * @param frames frames in the output (as planned), or null when failed
     */
    static Row video(PlannedVideo video, String output, ManifestRow.Status status, String error, Integer width,
                     Integer height, Long bytes, Long frames, ModelColumns models, double seconds) {
        Integer inWidth = video.plan() == null ? null : video.plan().width();
        Integer inHeight = video.plan() == null ? null : video.plan().height();
        return Manifest.toRow(new ManifestRow(video.input().path(), output, status, error, inWidth, inHeight,
                video.bytes() < 0 ? null : video.bytes(), width, height, bytes, models.model(), models.sha256(),
                models.denoiser(), seconds, null, ManifestRow.Kind.VIDEO, null, frames));
    }
}
