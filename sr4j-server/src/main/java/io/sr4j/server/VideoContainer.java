package io.sr4j.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The containers a video job's result is written in, with their file extension and MIME type. */
enum VideoContainer {
    MP4("mp4", "video/mp4"),
    MKV("mkv", "video/x-matroska"),
    MOV("mov", "video/quicktime");

    private final String id;
    private final String mimeType;

    VideoContainer(String id, String mimeType) {
        this.id = id;
        this.mimeType = mimeType;
    }

    /** Also the file extension. */
    String id() {
        return id;
    }

    String mimeType() {
        return mimeType;
    }

    static Optional<VideoContainer> fromName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.id.equals(lower)).findFirst();
    }
}
