package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of picture a model was trained for. */
public enum Domain {
    PHOTO("photo"),
    ANIME("anime"),
    /** Compressed video frames (anime video for the Real-ESRGAN AnimeVideo models). */
    VIDEO("video"),
    /** Scanned manga and comics printed with screentone (descreening networks). */
    MANGA("manga"),
    /** Not trained on anything: classical resamplers. */
    GENERAL("general");

    private final String code;

    Domain(String code) {
        this.code = code;
    }

    /** The name used in the catalogue JSON. */
    @JsonValue
    public String code() {
        return code;
    }
}
