package io.sr4j.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Moves images between a Hadoop file system and the executor's local disk, where the decoder and
 * the streaming encoder work. Local inputs and outputs are used in place; others (HDFS, S3A) are
 * copied to a temporary local file first, or uploaded to a temporary name in the target directory
 * and then renamed, so that no reader ever sees a half-written output.
 */
final class StagedFiles {
    private final Configuration conf;

    StagedFiles(Configuration conf) {
        this.conf = conf;
    }

    /** An input as a local file; {@link #close} deletes it if it is a copy. */
    record LocalInput(java.nio.file.Path file, boolean copy) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (copy) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Where the encoder writes, and what {@link #publish} does with it afterwards. */
    record LocalOutput(java.nio.file.Path file, Path target, boolean staged) {
    }

    static boolean isLocal(FileSystem fs) {
        return "file".equals(fs.getScheme());
    }

    /** @throws FileNotFoundException when the input is gone */
    LocalInput fetch(String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        if (isLocal(fs)) {
            java.nio.file.Path file = Paths.get(p.toUri());
            if (!Files.exists(file)) {
                throw new FileNotFoundException(path + ": no such file");
            }
            return new LocalInput(file, false);
        }
        java.nio.file.Path copy = Files.createTempFile("sr4j-in-", "-" + p.getName());
        try {
            fs.copyToLocalFile(false, p, new Path(copy.toUri()), true);
            return new LocalInput(copy, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
    }

    /**
     * Chooses the local file the encoder writes for the output {@code path}, and creates its
     * directory: call it once the input has decoded, so a failed input leaves no empty directory.
     */
    LocalOutput prepare(String path) throws IOException {
        Path target = new Path(path);
        FileSystem fs = target.getFileSystem(conf);
        if (isLocal(fs)) {
            java.nio.file.Path file = Paths.get(target.toUri());
            Files.createDirectories(file.getParent());
            return new LocalOutput(file, target, false);
        }
        java.nio.file.Path dir = Files.createTempDirectory("sr4j-out-");
        return new LocalOutput(dir.resolve(target.getName()), target, true);
    }

    /**
     * Puts a finished output in place. The encoder already wrote local targets atomically; a staged
     * file is uploaded to a hidden temporary name beside the target and renamed onto it.
     */
    void publish(LocalOutput out, String attempt) throws IOException {
        if (!out.staged()) {
            return;
        }
        try {
            upload(out.file(), out.target(), attempt);
        } finally {
            discard(out);
        }
    }

    /**
     * Uploads the local {@code file} (deleted afterwards) to a hidden temporary name beside {@code
     * target}, unique to {@code attempt}, and renames it onto the target: a reader of the target
     * sees all of it or nothing.
     */
    void upload(java.nio.file.Path file, Path target, String attempt) throws IOException {
        FileSystem fs = target.getFileSystem(conf);
        Path hidden = new Path(target.getParent(), "." + target.getName() + "." + attempt + ".tmp");
        try {
            fs.mkdirs(target.getParent());
            fs.copyFromLocalFile(true, true, new Path(file.toUri()), hidden);
            if (!fs.rename(hidden, target) && !fs.exists(target)) {
                throw new IOException("cannot rename " + hidden + " to " + target);
            }
        } finally {
            fs.delete(hidden, false); // left only when another attempt won the rename
        }
    }

    /** Deletes the local staging of an output that will not be published. */
    void discard(LocalOutput out) throws IOException {
        if (out.staged()) {
            Files.deleteIfExists(out.file());
            Files.deleteIfExists(out.file().getParent());
        }
    }

    /** The header of a complete output, or null when there is none (missing, or not a readable image). */
    ImageHeader finishedOutput(String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        if (!fs.exists(p)) {
            return null;
        }
        try (var in = fs.open(p)) {
            return ImageHeader.read(in, path);
        } catch (IOException e) {
            return null; // not ours or damaged: made again
        }
    }

    boolean exists(String path) throws IOException {
        Path p = new Path(path);
        return p.getFileSystem(conf).exists(p);
    }

    /** Deletes a directory tree (no-op when it is gone). */
    void deleteTree(String path) throws IOException {
        Path p = new Path(path);
        p.getFileSystem(conf).delete(p, true);
    }

    /**
     * The files {@code names} of the directory {@code dir} as local files: in place on a local file
     * system, else copied into a new local directory, which {@link LocalInputs#close} deletes.
     */
    LocalInputs fetchAll(String dir, java.util.List<String> names) throws IOException {
        Path d = new Path(dir);
        FileSystem fs = d.getFileSystem(conf);
        if (isLocal(fs)) {
            java.nio.file.Path local = Paths.get(d.toUri());
            return new LocalInputs(names.stream().map(local::resolve).toList(), null);
        }
        java.nio.file.Path copy = Files.createTempDirectory("sr4j-in-");
        LocalInputs inputs = new LocalInputs(names.stream().map(copy::resolve).toList(), copy);
        try {
            for (String name : names) {
                Path remote = new Path(d, name);
                if (fs.exists(remote)) { // optional files (an HDR segment's light level) may be absent
                    fs.copyToLocalFile(false, remote, new Path(copy.resolve(name).toUri()), true);
                }
            }
            return inputs;
        } catch (IOException | RuntimeException e) {
            inputs.close();
            throw e;
        }
    }

    /** Local files of one directory; {@link #close} deletes them if they are copies. */
    record LocalInputs(java.util.List<java.nio.file.Path> files, java.nio.file.Path copyDir) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (copyDir == null) {
                return;
            }
            try (java.util.stream.Stream<java.nio.file.Path> walk = Files.walk(copyDir)) {
                for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    long size(String path) throws IOException {
        Path p = new Path(path);
        return p.getFileSystem(conf).getFileStatus(p).getLen();
    }
}
