package io.sr4j.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that readers never see a half-written one: the content goes to a hidden
 * temporary file in the destination's directory, is flushed to disk, and is then renamed over the
 * destination (atomically where the file system allows, else replacing it). If anything fails the
 * temporary file is deleted and the destination is left as it was.
 *
 * <p>The new file gets the default permissions of newly created files, not those of a file it
 * replaces.
 *
 * <p>When the JVM shuts down (Ctrl-C, SIGTERM) while files are being written, a shutdown hook
 * deletes their temporary files and no new ones are started, so an interrupted run leaves neither
 * partial outputs nor temporary files behind. A process killed outright ({@code kill -9}, a power
 * cut) cannot clean up: its temporary file stays, never under the destination's name. Each
 * temporary file is therefore locked (an advisory file lock) while it is written, and {@link
 * #removeStaleTemporaryFiles} deletes those of a destination that no live process holds.
 */
public final class AtomicFiles {
    /** Writes the content of a file to a stream; the stream is closed by {@link AtomicFiles}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes the content of a file to a path, for writers that open files by name themselves (a
     * native muxer); the file exists, empty, when this is called.
     */
    @FunctionalInterface
    public interface FileContent {
        void writeTo(Path temp) throws IOException;
    }

    private static final String TEMP_SUFFIX = ".tmp";
    /** A temporary file's name: the destination's (shortened) name, then 16 random hex digits. */
    private static final Pattern TEMP_NAME = Pattern.compile("\\.(.+)\\.[0-9a-f]{16}" + Pattern.quote(TEMP_SUFFIX));

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code target}, replacing it if it exists.
     *
     * @throws NoSuchFileException if the target's directory does not exist
     * @throws IOException         if writing, flushing or renaming fails, or {@code content} throws;
     *                             the target is then unchanged and no temporary file remains
     */
    public static void write(Path target, Content content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path destination = checkedDestination(target);
        Path dir = destination.getParent();
        Path temp = null;
        FileChannel channel = null;
        try {
            // CREATE_NEW with a random name, rather than Files.createTempFile, so the file gets
            // the usual permissions instead of owner-only ones.
            while (channel == null) {
                temp = dir.resolve(tempName(destination.getFileName().toString()));
                try {
                    channel = InFlight.create(temp);
                } catch (FileAlreadyExistsException collision) {
                    temp = null;
                }
            }
            try (FileChannel ch = channel;
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                content.writeTo(new FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len); // FilterOutputStream would write byte by byte
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush(); // the channel must stay open for force()
                    }
                });
                out.flush();
                ch.force(true); // data on disk before the rename makes it visible
            }
            InFlight.publish(temp, destination);
            temp = null;
        } catch (IOException | RuntimeException | Error e) {
            discard(temp, e);
            throw e;
        }
    }

    /**
     * Like {@link #write(Path, Content)}, for content that a library writes to a file name: {@code
     * content} gets the temporary file's path (in the target's directory, registered for deletion
     * at shutdown), which is then flushed to disk and renamed over {@code target}.
     *
     * @throws IOException if writing, flushing or renaming fails, or {@code content} throws; the
     *                     target is then unchanged and no temporary file remains
     */
    public static void writeFile(Path target, FileContent content) throws IOException {
        Objects.requireNonNull(content, "content");
        Path destination = checkedDestination(target);
        Path temp = null;
        try {
            FileChannel channel = null;
            while (channel == null) {
                temp = destination.getParent().resolve(tempName(destination.getFileName().toString()));
                try {
                    channel = InFlight.create(temp);
                } catch (FileAlreadyExistsException collision) {
                    temp = null;
                }
            }
            // The channel stays open for its lock (see removeStaleTemporaryFiles) until the rename.
            try (FileChannel locked = channel) {
                content.writeTo(temp);
                locked.force(true); // the file's data, whichever handle wrote it
                InFlight.publish(temp, destination);
            }
            temp = null;
        } catch (IOException | RuntimeException | Error e) {
            discard(temp, e);
            throw e;
        }
    }

    private static Path checkedDestination(Path target) throws IOException {
        Path destination = target.toAbsolutePath();
        Path dir = destination.getParent();
        if (dir == null || destination.getFileName() == null) {
            throw new IllegalArgumentException("not a file path: " + target);
        }
        if (Files.isDirectory(destination)) {
            throw new IOException(target + " is a directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "directory does not exist");
        }
        return destination;
    }

    /** Deletes an unfinished temporary file (if any) after {@code failure}. */
    private static void discard(Path temp, Throwable failure) {
        if (temp != null) {
            InFlight.forget(temp);
            try {
                Files.deleteIfExists(temp);
            } catch (IOException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
    }

    /**
     * The temporary files being written now, and the shutdown hook that deletes them. Creating and
     * renaming happen under the same lock as the hook's sweep, so a file is either swept or
     * complete: never created after the sweep, never renamed half-way through it.
     */
    private static final class InFlight {
        private static final Set<Path> FILES = new HashSet<>();
        private static boolean shuttingDown;

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(InFlight::sweep, "sr4j-temp-file-cleanup"));
        }

        private InFlight() {
        }

        /**
         * Creates and locks a new temporary file.
         *
         * @throws FileAlreadyExistsException when the name is taken, or another process's sweep removed
         *                                    the file before it was locked: try another name
         */
        static synchronized FileChannel create(Path temp) throws IOException {
            if (shuttingDown) {
                throw new IOException("not writing " + temp.getFileName() + ": the JVM is shutting down");
            }
            FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                if (!lockForWriting(channel, temp)) {
                    throw new FileAlreadyExistsException(temp.toString(), null, "removed by a stale-file sweep");
                }
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            FILES.add(temp);
            return channel;
        }

        /**
         * Locks the new file so that sweeps in other processes leave it alone. A sweep may have
         * taken the unlocked file between its creation and this lock, and deletes it while holding
         * the lock: a file still there once the lock is held is safe. Where the file system has no
         * locks, the file is written unlocked (sweeps cannot lock it either, and leave it).
         *
         * @return false if a sweep removed the file first
         */
        private static boolean lockForWriting(FileChannel channel, Path temp) throws IOException {
            try {
                channel.lock(); // released when the channel closes
            } catch (IOException unsupported) {
                return true;
            }
            return Files.exists(temp);
        }

        static synchronized boolean writing(Path temp) {
            return FILES.contains(temp);
        }

        static synchronized void publish(Path temp, Path destination) throws IOException {
            if (shuttingDown) {
                throw new IOException("not renaming " + temp.getFileName() + ": the JVM is shutting down");
            }
            try {
                Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING);
            }
            FILES.remove(temp);
        }

        static synchronized void forget(Path temp) {
            FILES.remove(temp);
        }

        private static synchronized void sweep() {
            shuttingDown = true;
            for (Path temp : FILES) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // Nothing more can be done while the JVM exits; the name marks it as temporary.
                }
            }
            FILES.clear();
        }
    }

    /** ".name.<random>.tmp", shortened so that it stays within the usual 255-byte name limit. */
    static String tempName(String fileName) {
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        return "." + tempBase(fileName) + "." + random + TEMP_SUFFIX;
    }

    private static String tempBase(String fileName) {
        return fileName.length() > 200 ? fileName.substring(0, 200) : fileName;
    }

    /**
     * Deletes the temporary files that writes of {@code targets} left behind when their process was
     * killed: files in a target's directory named as this class names them for that target
     * ({@code .NAME.<16 hex digits>.tmp}) that no process is writing, i.e. whose lock can be taken.
     * Files this JVM is writing, files locked by another process, and every other file are left
     * alone; so is a file whose lock cannot be tried (a file system without locks). Each directory
     * is listed once, however many targets it holds; directories that do not exist are skipped.
     *
     * <p>A temporary file written through {@link #writeFile} by a library that opens and closes the
     * file by name itself may lose its lock early (POSIX locks belong to the process and end when
     * any of its handles on the file closes), so two processes writing the same destination at the
     * same moment should not sweep for each other's temporary files.
     *
     * @return the files deleted
     * @throws IOException if a directory cannot be listed or a stale file cannot be deleted
     */
    public static List<Path> removeStaleTemporaryFiles(Collection<Path> targets) throws IOException {
        Map<Path, Set<String>> namesByDir = new LinkedHashMap<>();
        for (Path target : targets) {
            Path destination = target.toAbsolutePath().normalize();
            if (destination.getParent() != null && destination.getFileName() != null) {
                namesByDir.computeIfAbsent(destination.getParent(), d -> new HashSet<>())
                        .add(tempBase(destination.getFileName().toString()));
            }
        }
        List<Path> removed = new ArrayList<>();
        for (Map.Entry<Path, Set<String>> dir : namesByDir.entrySet()) {
            if (!Files.isDirectory(dir.getKey())) {
                continue;
            }
            try (DirectoryStream<Path> candidates = Files.newDirectoryStream(dir.getKey(),
                    p -> isTempNameOf(p.getFileName().toString(), dir.getValue()))) {
                for (Path temp : candidates) {
                    if (!InFlight.writing(temp) && deleteIfUnlocked(temp)) {
                        removed.add(temp);
                    }
                }
            }
        }
        return removed;
    }

    /** Whether {@code name} is {@code .BASE.<random>.tmp} for one of {@code bases}. */
    private static boolean isTempNameOf(String name, Set<String> bases) {
        Matcher m = TEMP_NAME.matcher(name);
        return m.matches() && bases.contains(m.group(1));
    }

    /** Deletes {@code temp} while holding its lock, if nobody else holds it. */
    private static boolean deleteIfUnlocked(Path temp) throws IOException {
        if (!Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | OverlappingFileLockException cannotTell) {
                return false; // no locks here, or held in this JVM: cannot tell that it is stale
            }
            if (lock == null) {
                return false; // a live process is writing it
            }
            return Files.deleteIfExists(temp);
        } catch (NoSuchFileException gone) {
            return false;
        }
    }
}
