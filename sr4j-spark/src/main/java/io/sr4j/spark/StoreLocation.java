package io.sr4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;

/**
 * Where the {@code --store} directory is on this JVM. A relative store names a directory in the
 * working directory or, failing that, one shipped with {@code --archives store.tgz#NAME}: YARN
 * unpacks archives into each container's working directory, but local, standalone and Kubernetes
 * masters unpack them under Spark's files directory ({@link SparkFiles#getRootDirectory()}), so
 * the same {@code --store ./NAME} works on every master.
 */
final class StoreLocation {
    private StoreLocation() {
    }

    /** The directory {@code root} names here: itself when absolute or present, else the shipped copy if there is one. */
    static Path resolve(String root) {
        Path path = Path.of(root);
        if (path.isAbsolute() || Files.isDirectory(path) || SparkEnv.get() == null) {
            return path;
        }
        Path shipped = Path.of(SparkFiles.getRootDirectory()).resolve(path).normalize();
        return Files.isDirectory(shipped) ? shipped : path;
    }
}
