package io.sr4j.server;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A job as {@code GET /api/v1/jobs/{id}} shows it: the stored record plus the URLs to follow. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JobView(String id, String kind, JobState state, int progress, Error error, String model, Double scale,
               Integer denoise, String pipeline, String format, Size input, Size output, Video video, String createdAt,
               String startedAt, String finishedAt, String expiresAt, String url, String resultUrl) {

    record Error(String code, String message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Size(String name, Integer width, Integer height) {
    }

    /** A video job's codec settings, length and frames. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Video(String codec, int crf, int bitDepth, double frameRate, double seconds, long frames,
                 Long resumedFrames) {
    }

    static JobView of(Job job) {
        String url = "/api/v1/jobs/" + job.id();
        UpscaleParams p = job.params();
        Job.Video v = job.video();
        String format = job.resultFormat() != null ? job.resultFormat() : v != null ? v.container() : p.format();
        return new JobView(job.id(), v != null ? "video" : "image", job.state(), job.progress(),
                job.errorCode() == null ? null : new Error(job.errorCode(), job.error()),
                p.model(), p.scale(), p.denoise(), p.spec().toString(), format,
                new Size(job.inputName(), job.inputWidth(), job.inputHeight()),
                job.outputWidth() == null ? null : new Size(null, job.outputWidth(), job.outputHeight()),
                v == null ? null : new Video(p.videoCodec().displayName(), p.videoCrf(), p.videoBitDepth(), v.frameRate(),
                        v.seconds(),
                        v.frames(), v.resumedFrames()),
                job.createdAt(), job.startedAt(), job.finishedAt(), job.expiresAt(), url,
                job.state() == JobState.SUCCEEDED ? url + "/result" : null);
    }
}
