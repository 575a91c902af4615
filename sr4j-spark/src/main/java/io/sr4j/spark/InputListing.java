package io.sr4j.spark;

import io.sr4j.io.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * The images and videos a job reads, found on the driver: every image or video file of a directory tree, or the paths
 * of a text listing (one per line) or a Parquet listing (a string column {@code path}), on any
 * Hadoop file system. The result is sorted by path and numbered, so every run (and every retried
 * task) sees the same order.
 */
final class InputListing {
    /** How the input argument is read. */
    enum Kind {
        /** A directory: its image files, in subdirectories too. */
        TREE,
        /** A text file of paths, one per line; blank lines and lines starting with {@code #} are skipped. */
        TEXT,
        /** A Parquet file or directory with a string column {@code path}. */
        PARQUET
    }

    /** The Parquet listing's column of paths. */
    static final String PATH_COLUMN = "path";

    private InputListing() {
    }

    /**
     * Lists the inputs.
     *
     * @param root for a listing, the directory the outputs' tree starts from (paths outside it are
     *             an error); null for the deepest directory holding every listed path. Ignored for a tree.
     */
    static List<InputFile> list(SparkSession spark, String input, Kind kind, String root) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            if (kind == Kind.TREE) {
                Path dir = qualify(new Path(input), conf);
                return numbered(tree(dir, conf), dir);
            }
            List<String> lines = kind == Kind.TEXT ? spark.read().textFile(input).collectAsList()
                    : spark.read().parquet(input).select(PATH_COLUMN).collectAsList().stream()
                            .map(r -> r.isNullAt(0) ? "" : r.getString(0)).toList();
            List<Path> files = new ArrayList<>();
            for (String line : lines) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    files.add(qualify(new Path(trimmed), conf));
                }
            }
            return numbered(files, root != null ? qualify(new Path(root), conf) : commonParent(files));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + input + ": " + e.getMessage(), e);
        }
    }

    /** The image files under {@code dir}; names starting with '.' or '_' are skipped (temporary files, markers). */
    private static List<Path> tree(Path dir, Configuration conf) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        if (!fs.getFileStatus(dir).isDirectory()) {
            throw new IllegalArgumentException(dir + " is not a directory (give a directory of images, "
                    + "or a listing with --listing text|parquet)");
        }
        List<Path> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
        String prefix = withSlash(dir);
        while (files.hasNext()) {
            LocatedFileStatus status = files.next();
            String relative = status.getPath().toString().substring(prefix.length());
            String name = status.getPath().getName();
            if (status.isFile() && !hidden(relative) && (isImageName(name) || isVideoName(name))) {
                out.add(status.getPath());
            }
        }
        return out;
    }

    private static boolean hidden(String relative) {
        for (String part : relative.split("/")) {
            if (part.startsWith(".") || part.startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** Extensions of the video files a directory tree contributes (FFmpeg reads more; a listing may name them). */
    static final java.util.Set<String> VIDEO_EXTENSIONS = java.util.Set.of("mp4", "m4v", "mkv", "mov", "webm", "avi",
            "mpg", "mpeg", "ts", "m2ts", "wmv", "flv");

    /** Video files by extension (FFmpeg looks at the bytes; a wrong one is recorded as failed). */
    static boolean isVideoName(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && VIDEO_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
    }

    /** Image files by extension (the decoder itself looks at the bytes; a wrong one is recorded as failed). */
    static boolean isImageName(String name) {
        return ImageFormat.fromFileName(name).isPresent();
    }

    private static Path qualify(Path p, Configuration conf) throws IOException {
        return p.getFileSystem(conf).makeQualified(p);
    }

    /** The deepest directory that holds every file. */
    static Path commonParent(List<Path> files) {
        if (files.isEmpty()) {
            return new Path("/");
        }
        Path common = files.get(0).getParent();
        for (Path p : files) {
            while (common != null && !p.toString().startsWith(withSlash(common))) {
                common = common.getParent();
            }
        }
        if (common == null) {
            throw new IllegalArgumentException("the listed images share no directory (different file systems?); "
                    + "set --input-root");
        }
        return common;
    }

    private static String withSlash(Path dir) {
        String s = dir.toString();
        return s.endsWith("/") ? s : s + "/";
    }

    /** Sorted, de-duplicated and numbered, each with its path below {@code root}. */
    private static List<InputFile> numbered(List<Path> files, Path root) {
        TreeSet<String> sorted = new TreeSet<>();
        for (Path p : files) {
            sorted.add(p.toString());
        }
        String prefix = withSlash(root);
        List<InputFile> out = new ArrayList<>(sorted.size());
        for (String p : sorted) {
            if (!p.startsWith(prefix)) {
                throw new IllegalArgumentException(p + " is not below the input root " + root
                        + " (set --input-root to a directory that holds every listed image)");
            }
            out.add(new InputFile(out.size(), p, p.substring(prefix.length())));
        }
        return out;
    }
}
