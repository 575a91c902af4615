package io.sr4j.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A test helper run as its own process: locks the file named by its argument as {@link AtomicFiles}
 * does while writing, prints {@code locked}, and holds the lock until its standard input closes.
 */
public final class HoldFileLock {
    private HoldFileLock() {
    }

    public static void main(String[] args) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
            channel.lock();
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the test closes our input
            }
        }
    }
}
