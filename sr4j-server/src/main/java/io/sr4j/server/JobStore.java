package io.sr4j.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sr4j.io.AtomicFiles;
import io.sr4j.io.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The on-disk job directory: one folder per job named by its id, holding {@code job.json}, the
 * upload ({@code input}) until the job ends, and the result ({@code result.png}, {@code result.mp4},
 * …); while a video job is unfinished, also its finished segments ({@code .result.mp4.sr4j-parts/},
 * kept across a restart so the job continues from them). Every file is
 * written through a temporary file and a rename, so a crash leaves either the old or the new
 * version. Ids are checked against their pattern before any path is built from them: a client can
 * never make the server touch a file outside its own job folder.
 */
final class JobStore {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final String JOB_FILE = "job.json";
    private static final String INPUT_FILE = "input";
    private static final String RESULT_PREFIX = "result.";
    /** Suffix of the folder where {@code VideoUpscaler} keeps the segments of its output. */
    private static final String VIDEO_PARTS_SUFFIX = ".sr4j-parts";

    private final Path root;
    private final ObjectMapper json;

    JobStore(Path root, ObjectMapper json) {
        this.root = root;
        this.json = json;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the jobs directory " + root + ": " + e.getMessage(), e);
        }
    }

    static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    Path root() {
        return root;
    }

    Path dir(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a job id: " + id);
        }
        return root.resolve(id);
    }

    Path input(String id) {
        return dir(id).resolve(INPUT_FILE);
    }

    Path result(String id, ImageFormat format) {
        return result(id, format.extensions().get(0));
    }

    /** The result file with this extension ({@code png}, {@code mp4}, …). */
    Path result(String id, String extension) {
        return dir(id).resolve(RESULT_PREFIX + extension);
    }

    /** Creates the job's folder (empty). */
    Path create(String id) throws IOException {
        return Files.createDirectory(dir(id));
    }

    void save(Job job) {
        try {
            AtomicFiles.write(dir(job.id()).resolve(JOB_FILE), out -> json.writeValue(out, job));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save job " + job.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every job found on disk. Folders without a readable {@code job.json} (a crash while a job
     * was being created) and stray files (temporary files of an interrupted write) are removed.
     */
    List<Job> loadAll() throws IOException {
        List<Job> jobs = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                Optional<Job> job = isId(name) && Files.isDirectory(dir) ? read(dir.resolve(JOB_FILE)) : Optional.empty();
                if (job.isPresent() && job.get().id().equals(name)) {
                    jobs.add(job.get());
                    removeStrays(dir, job.get());
                } else if (isId(name)) {
                    deleteTree(dir);
                }
            }
        }
        return jobs;
    }

    private Optional<Job> read(Path file) {
        try {
            return Optional.of(json.readValue(file.toFile(), Job.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private void removeStrays(Path dir, Job job) throws IOException {
        keepOnly(dir, name -> name.equals(JOB_FILE) || name.equals(INPUT_FILE)
                || job.resultFormat() != null && name.startsWith(RESULT_PREFIX)
                || !job.state().finished() && name.startsWith("." + RESULT_PREFIX) && name.endsWith(VIDEO_PARTS_SUFFIX));
    }

    /**
     * Removes everything of a job that has ended but its record and, if it has one, its result: the
     * input, a video's segments, a result half-written when the job was stopped.
     */
    void removeWork(Job job) {
        try {
            keepOnly(dir(job.id()), name -> name.equals(JOB_FILE)
                    || job.resultFormat() != null && name.equals(RESULT_PREFIX + extension(job)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean job " + job.id() + ": " + e.getMessage(), e);
        }
    }

    /** The result's file extension: the video container, or the image format's. */
    static String extension(Job job) {
        return job.video() != null ? job.resultFormat()
                : ImageFormat.fromName(job.resultFormat()).orElseThrow().extensions().get(0);
    }

    private static void keepOnly(Path dir, Predicate<String> kept) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!kept.test(file.getFileName().toString())) {
                    deleteTree(file);
                }
            }
        }
    }

    /** Removes the job's folder and everything in it. */
    void delete(String id) {
        try {
            deleteTree(dir(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete job " + id + ": " + e.getMessage(), e);
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
