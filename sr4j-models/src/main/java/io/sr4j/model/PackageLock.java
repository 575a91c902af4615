package io.sr4j.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive right to change the store's files of one package, across threads and processes. A file lock
 * alone is not enough: the JVM holds file locks per process, and a second lock on the same file from another
 * thread of the same process fails instead of waiting, so threads first queue on an in-process lock.
 */
final class PackageLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private PackageLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until the lock is held; {@code onWait} runs (at most once) if someone else holds it first. */
    static PackageLock acquire(Path file, Runnable onWait) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        // Two spellings of the same store must share one in-process lock.
        Path key = file.getParent().toRealPath().resolve(file.getFileName());
        ReentrantLock threadLock = IN_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        boolean waited = false;
        if (!threadLock.tryLock()) {
            onWait.run();
            waited = true;
            threadLock.lockInterruptibly();
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                if (!waited) {
                    onWait.run();
                }
                fileLock = channel.lock();
            }
            return new PackageLock(threadLock, channel, fileLock);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            threadLock.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (fileLock.isValid()) {
                fileLock.release();
            }
            channel.close();
        } finally {
            threadLock.unlock();
        }
    }
}
