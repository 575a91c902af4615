package io.sr4j.spark;

import java.io.Serializable;

/**
 * One image or video to enlarge.
 *
 * @param index    its position in the sorted listing (stable across runs and retries)
 * @param path     fully qualified path on its file system ({@code file:/…}, {@code hdfs://…}, {@code s3a://…})
 * @param relative its path below the input root, which the output mirrors ({@code trip/beach.jpg})
 */
record InputFile(long index, String path, String relative) implements Serializable {
    /** A video (by its name's extension), made in segments; else an image. */
    boolean video() {
        return InputListing.isVideoName(relative.substring(relative.lastIndexOf('/') + 1));
    }
}
