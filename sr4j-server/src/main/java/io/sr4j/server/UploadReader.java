package io.sr4j.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the upload of a request: the {@code file} part of a {@code multipart/form-data} body, or the
 * whole body otherwise. Never more than the limit is read: a declared length over it is refused
 * before reading, and a body that runs past it (chunked, or lying) is cut off with 413. Images and
 * videos have separate limits; a job's upload is told apart by its first bytes.
 */
final class UploadReader {
    /** Room for the multipart boundaries and the small text fields next to the file. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private final long maxImageBytes;
    private final long maxVideoBytes;

    UploadReader(long maxImageBytes, long maxVideoBytes) {
        this.maxImageBytes = maxImageBytes;
        this.maxVideoBytes = maxVideoBytes;
    }

    long maxImageBytes() {
        return maxImageBytes;
    }

    /** The larger limit: what a job's upload may declare before its first bytes tell what it is. */
    long maxAnyBytes() {
        return Math.max(maxImageBytes, maxVideoBytes);
    }

    /** What a client sent: how to name it in messages, and its bytes. */
    interface Upload {
        String name();

        InputStream open() throws IOException;
    }

    /** Refuses a request whose declared length is over {@code limit}, before anything is read. */
    void checkDeclaredLength(Context ctx, long limit) {
        long declared = ctx.req().getContentLengthLong();
        long allowed = ctx.isMultipartFormData() ? limit + MULTIPART_OVERHEAD : limit;
        if (declared > allowed) {
            throw tooLarge(limit);
        }
    }

    /** The request's upload, refused when over {@code limit}; a request parameter wins over a form field. */
    Upload upload(Context ctx, long limit) {
        checkDeclaredLength(ctx, limit);
        if (ctx.isMultipartFormData()) {
            UploadedFile file;
            try {
                file = ctx.uploadedFile("file");
            } catch (Exception e) { // Jetty's ServletException arrives undeclared through Kotlin code
                throw multipartFailure(e);
            }
            if (file == null) {
                throw ApiError.badRequest("missing_file", "the multipart body has no part named 'file'");
            }
            if (file.size() > limit) {
                throw tooLarge(limit);
            }
            String name = safeName(file.filename());
            return new Upload() {
                public String name() {
                    return name;
                }

                public InputStream open() {
                    return file.content();
                }
            };
        }
        String name = safeName(ctx.queryParam("filename"));
        return new Upload() {
            public String name() {
                return name;
            }

            public InputStream open() {
                return ctx.bodyInputStream();
            }
        };
    }

    /** Copies an image upload to {@code out}, refusing it (413) once it passes the image limit. */
    long copy(Upload upload, OutputStream out) throws IOException {
        try (InputStream in = upload.open()) {
            return copy(in, new byte[0], out, maxImageBytes);
        }
    }

    /**
     * Copies a job's upload to {@code out}: its first bytes tell a video from an image, and the limit
     * of that kind applies.
     *
     * @return the default result container when the upload is a video, empty for an image
     */
    Optional<VideoContainer> copySniffed(Upload upload, OutputStream out) throws IOException {
        try (InputStream in = upload.open()) {
            byte[] head = in.readNBytes(VideoSniffer.HEAD_BYTES);
            Optional<VideoContainer> video = VideoSniffer.sniff(head);
            copy(in, head, out, video.isPresent() ? maxVideoBytes : maxImageBytes);
            return video;
        }
    }

    private long copy(InputStream in, byte[] head, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = head.length;
        if (total > limit) {
            throw tooLarge(limit);
        }
        out.write(head);
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                throw tooLarge(limit);
            }
            out.write(buffer, 0, n);
        }
        if (total == 0) {
            throw ApiError.badRequest("empty_upload", "the request holds no image (send the file as the body "
                    + "or as the multipart part 'file')");
        }
        return total;
    }

    /**
     * Jetty reports a part or body over its limit as an IllegalStateException ("max file size
     * exceeded") inside a ServletException; anything else is a malformed body.
     */
    ApiError multipartFailure(Exception e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            message += " " + String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        }
        if (message.contains("size") || message.contains("exceed") || message.contains("too large")) {
            return tooLarge(maxAnyBytes());
        }
        return ApiError.badRequest("bad_multipart", "the multipart body cannot be read: " + e.getMessage());
    }

    /** 413 naming the limit that was passed, and where a video may go when an image limit was. */
    private ApiError tooLarge(long limit) {
        if (limit == maxVideoBytes) {
            return ApiError.tooLarge(limit, "a video", "send a shorter or more compressed video");
        }
        String hint = maxVideoBytes > maxImageBytes ? "send a smaller file (a video goes to POST /api/v1/jobs, "
                + "up to " + maxVideoBytes + " bytes)" : "send a smaller file";
        return ApiError.tooLarge(limit, "an image", hint);
    }

    /**
     * The name messages use for an upload: the client's file name without any directory part and
     * with unusual characters replaced, so it can neither name a server path nor forge a message.
     */
    static String safeName(String clientName) {
        if (clientName == null || clientName.isBlank()) {
            return "upload";
        }
        String base = clientName.substring(Math.max(clientName.lastIndexOf('/'), clientName.lastIndexOf('\\')) + 1);
        String safe = UNSAFE.matcher(base).replaceAll("_");
        if (safe.length() > 100) {
            safe = safe.substring(safe.length() - 100);
        }
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "upload" : safe;
    }
}
