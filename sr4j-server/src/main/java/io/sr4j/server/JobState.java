package io.sr4j.server;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a job is: waiting, running, or one of the three ends. */
enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** True once the job will not change any more (only expiry removes it). */
    boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    @JsonValue
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
