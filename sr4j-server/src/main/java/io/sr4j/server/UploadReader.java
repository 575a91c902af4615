package io.sr4j.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the image of a request: the {@code file} part of a {@code multipart/form-data} body, or the
 * whole body otherwise. Never more than the limit is read: a declared length over it is refused
 * before reading, and a body that runs past it (chunked, or lying) is cut off with 413.
 */
final class UploadReader {
    /** Room for the multipart boundaries and the small text fields next to the file. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private final long maxBytes;

    UploadReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** What a client sent: how to name it in messages, and its bytes. */
    interface Upload {
        String name();

        InputStream open() throws IOException;
    }

    /** Refuses a request whose declared length is over the limit, before anything is read. */
    void checkDeclaredLength(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        long allowed = ctx.isMultipartFormData() ? maxBytes + MULTIPART_OVERHEAD : maxBytes;
        if (declared > allowed) {
            throw ApiError.tooLarge(maxBytes);
        }
    }

    /** The request's image; a request parameter wins over a form field of the same name elsewhere. */
    Upload upload(Context ctx) {
        checkDeclaredLength(ctx);
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
            if (file.size() > maxBytes) {
                throw ApiError.tooLarge(maxBytes);
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

    /** Copies the upload to {@code out}, refusing it (413) once it passes the limit. */
    long copy(Upload upload, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = upload.open()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw ApiError.tooLarge(maxBytes);
                }
                out.write(buffer, 0, n);
            }
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
            return ApiError.tooLarge(maxBytes);
        }
        return ApiError.badRequest("bad_multipart", "the multipart body cannot be read: " + e.getMessage());
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
