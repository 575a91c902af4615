package io.sr4j.server;

/** Work ended before it finished: cancelled, over its time limit, or the server is stopping. */
final class WorkStopped extends RuntimeException {
    enum Why { CANCELLED, TIMEOUT, SHUTDOWN }

    private final Why why;

    WorkStopped(Why why, String message) {
        super(message, null, false, false);
        this.why = why;
    }

    Why why() {
        return why;
    }
}
