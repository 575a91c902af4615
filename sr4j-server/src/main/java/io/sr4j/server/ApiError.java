package io.sr4j.server;

import java.util.OptionalLong;

/**
 * A request the server answers with an error status and a JSON body
 * {@code {"error": {"status": 413, "code": "upload_too_large", "message": "…"}}}. The message is
 * meant for the person who sent the request: it says what was wrong and what to do.
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final long retryAfterSeconds;

    ApiError(int status, String code, String message) {
        this(status, code, message, -1, null);
    }

    private ApiError(int status, String code, String message, long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400: a parameter is missing, malformed or out of range. */
    static ApiError badRequest(String code, String message) {
        return new ApiError(400, code, message);
    }

    /** 404: no such job (or route). */
    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    /** 413 for an upload of a kind ({@code "a video"}) over that kind's limit, with what to do. */
    static ApiError tooLarge(long limitBytes, String kind, String hint) {
        return new ApiError(413, "upload_too_large", "the upload is larger than this server accepts as " + kind
                + " (" + limitBytes + " bytes); " + hint);
    }

    /** 422: the upload is not an image sr4j can work on, or the image is too large to work on. */
    static ApiError unprocessable(String code, String message, Throwable cause) {
        return new ApiError(422, code, message, -1, cause);
    }

    /** 503 with Retry-After: the work queue is full or the server is stopping. */
    static ApiError unavailable(String code, String message, long retryAfterSeconds) {
        return new ApiError(503, code, message, Math.max(1, retryAfterSeconds), null);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** Seconds a client should wait before trying again, when the error is temporary. */
    OptionalLong retryAfterSeconds() {
        return retryAfterSeconds > 0 ? OptionalLong.of(retryAfterSeconds) : OptionalLong.empty();
    }
}
