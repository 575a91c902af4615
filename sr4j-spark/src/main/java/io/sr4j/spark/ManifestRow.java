package io.sr4j.spark;

import io.sr4j.quality.ImageAssessment;

/**
 * One line of the manifest: an image, a video, or one segment of a video. Sizes are null where
 * unknown (an unreadable input, a failed output); the quality fields are null when not assessed.
 *
 * @param input           the input path, fully qualified
 * @param output          the output path, fully qualified
 * @param status          {@link Status#OK} written now, {@link Status#SKIPPED} already there, {@link Status#FAILED}
 * @param error           why it failed, naming the file; null otherwise
 * @param inputWidth      input width from its header
 * @param inputHeight     input height from its header
 * @param inputBytes      input file size
 * @param outputWidth     output width
 * @param outputHeight    output height
 * @param outputBytes     output file size
 * @param model           the enlarging model's id
 * @param modelSha256     SHA-256 of its weights file as the catalogue records it (null for classical filters)
 * @param denoiseModel    the 1× denoiser run first, or null
 * @param seconds         wall time spent on this input in this run
 * @param quality         the no-reference assessment of the input (#6), or null
 * @param kind            what the line is about
 * @param segment         a segment's index in its video (from 0); null otherwise
 * @param frames          frames written or found (a video, a segment); null for an image or a failure
 */
record ManifestRow(String input, String output, Status status, String error, Integer inputWidth, Integer inputHeight,
        Long inputBytes, Integer outputWidth, Integer outputHeight, Long outputBytes, String model, String modelSha256,
        String denoiseModel, double seconds, ImageAssessment quality, Kind kind, Integer segment, Long frames) {

    /** What a line of the manifest is about. */
    enum Kind {
        IMAGE, VIDEO, SEGMENT;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What happened to one input. */
    enum Status {
        /** Enlarged and written by this run. */
        OK,
        /** Its output was already complete (an earlier run, or an earlier attempt of a retried task). */
        SKIPPED,
        /** Unreadable, corrupt, unsupported or too large; the error says which. */
        FAILED;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
