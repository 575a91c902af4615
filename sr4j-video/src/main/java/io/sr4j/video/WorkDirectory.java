package io.sr4j.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import io.sr4j.io.AtomicFiles;

/**
 * The directory next to the output where a run keeps its finished segments
 * ({@code .OUTPUT.sr4j-parts/segment-000000.sr4jseg}, …) and a manifest of the settings that made them.
 * Each segment appears under its name only once complete (temporary file, then rename), so the
 * segments present are exactly the finished ones. A resumed run checks the manifest and continues
 * after the last finished segment. The output is joined here too ({@link #publish}) and renamed
 * into place; the directory is removed once the output is written.
 */
final class WorkDirectory implements SegmentFiles {
    private static final String MANIFEST = "manifest.properties";
    private static final String SEGMENT_PREFIX = "segment-";
    /** The output being joined from the segments, until it is renamed to its own name. */
    static final String JOINED = "joined.partial";

    private final Path dir;

    private WorkDirectory(Path dir) {
        this.dir = dir;
    }

    /** The work directory of {@code output}. */
    static WorkDirectory of(Path output) {
        Path absolute = output.toAbsolutePath();
        return new WorkDirectory(absolute.resolveSibling("." + absolute.getFileName() + ".sr4j-parts"));
    }

    Path path() {
        return dir;
    }

    /**
     * Gets the directory ready for a run with {@code manifest}.
     *
     * @param resume keep the segments of an earlier run with the same manifest; otherwise start over
     * @return how many segments are already finished (0 when starting over)
     * @throws VideoException if resuming a run whose settings differ
     */
    int prepare(Map<String, String> manifest, boolean resume) {
        try {
            if (resume && Files.isRegularFile(dir.resolve(MANIFEST))) {
                Map<String, String> earlier = readManifest();
                checkSame(earlier, manifest);
                return finishedSegments();
            }
            delete();
            Files.createDirectories(dir);
            String text = toText(manifest);
            AtomicFiles.write(dir.resolve(MANIFEST), out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
            return 0;
        } catch (IOException e) {
            throw new VideoException(dir + ": cannot prepare the work directory (" + e.getMessage() + ")", e);
        }
    }

    private void checkSame(Map<String, String> earlier, Map<String, String> now) {
        for (String key : new TreeMap<>(now).keySet()) {
            if (!Objects.equals(earlier.get(key), now.get(key))) {
                throw new VideoException("cannot resume from " + dir + ": it was started with " + key + " "
                        + earlier.get(key) + ", this run has " + now.get(key)
                        + "; run without --resume to start over");
            }
        }
    }

    /** Number of consecutive finished segments from the first. */
    private int finishedSegments() {
        int count = 0;
        while (Files.isRegularFile(segment(count))) {
            count++;
        }
        return count;
    }

    @Override
    public Path segment(int index) {
        return dir.resolve(String.format(Locale.ROOT, "%s%06d.%s", SEGMENT_PREFIX, index, SegmentFile.EXTENSION));
    }

    /** The light-level files of the finished segments, in order (HDR runs). */
    List<Path> segmentLights() {
        List<Path> list = new ArrayList<>();
        for (int i = 0; i < finishedSegments(); i++) {
            list.add(segmentLight(i));
        }
        return list;
    }

    /** The finished segments, in order. */
    List<Path> segments() {
        List<Path> list = new ArrayList<>();
        for (int i = 0; i < finishedSegments(); i++) {
            list.add(segment(i));
        }
        return list;
    }

    /**
     * Writes the run's output: {@code content} writes it to a file in this directory, which is
     * flushed to disk and renamed to {@code output}, so {@code output} is complete or absent, never
     * partial. A run killed while writing leaves its partial file here, not beside the output, and
     * the next run removes it with the directory (a temporary file beside the output would outlive
     * every later run).
     *
     * @throws IOException if writing, flushing or renaming fails; {@code output} is then unchanged
     */
    void publish(Path output, AtomicFiles.FileContent content) throws IOException {
        Path target = output.toAbsolutePath();
        if (Files.isDirectory(target)) {
            throw new IOException(output + " is a directory");
        }
        Path joined = dir.resolve(JOINED);
        try {
            Files.deleteIfExists(joined);
            content.writeTo(joined);
            try (FileChannel file = FileChannel.open(joined, StandardOpenOption.WRITE)) {
                file.force(true); // the data on disk before the rename makes it visible
            }
            try {
                Files.move(joined, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(joined, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(joined);
            throw e;
        }
    }

    /** Removes the directory and everything in it (no-op if absent). */
    void delete() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException gone) {
            // Already removed.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    private Map<String, String> readManifest() throws IOException {
        return SettingsText.parse(Files.readString(dir.resolve(MANIFEST), StandardCharsets.UTF_8));
    }

    private static String toText(Map<String, String> manifest) {
        return SettingsText.format(manifest, "sr4j video run; segments made with these settings");
    }
}
