package io.sr4j.model;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Copies selected entries out of a {@code .tar.gz} in one streaming pass, hashing them on the way; the rest of
 * the archive is never written to disk, and reading stops once every wanted entry has been seen.
 */
final class TarballExtractor {
    private static final int BUFFER = 1 << 16;
    private static final long PROGRESS_STEP = 4L << 20;

    /** An entry to copy: where it goes and how big the catalogue says it is. */
    record Wanted(String path, long expectedSize, List<Path> destinations) {
    }

    /** What an entry turned out to be: its real size and SHA-256 (hex). */
    record Extracted(String path, long size, String sha256) {
    }

    /** Reading the archive failed (truncated or not a tar.gz), as opposed to writing the copies. */
    static final class DamagedArchiveException extends IOException {
        DamagedArchiveException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Receives the number of compressed bytes read. */
    interface Progress {
        void bytesRead(long done, long total);
    }

    private TarballExtractor() {
    }

    /**
     * Copies each wanted entry to its destinations (files that must not exist yet). An entry larger than
     * expected is hashed in full but only its expected size is written, so a wrong archive cannot fill the
     * disk. Returns what was found, by path; wanted entries missing from the archive are absent from it.
     */
    static Map<String, Extracted> extract(Path tarball, Map<String, Wanted> wanted, Progress progress)
            throws IOException {
        long total = Files.size(tarball);
        Map<String, Extracted> found = new HashMap<>();
        byte[] buffer = new byte[BUFFER];
        try (CountingInputStream counted = new CountingInputStream(Files.newInputStream(tarball), total, progress);
             TarArchiveInputStream tar = openTar(counted, tarball)) {
            while (found.size() < wanted.size()) {
                TarArchiveEntry entry = nextEntry(tar, tarball);
                if (entry == null) {
                    break;
                }
                Wanted w = entry.isFile() ? wanted.get(normalize(entry.getName())) : null;
                if (w == null || found.containsKey(w.path())) {
                    continue;
                }
                found.put(w.path(), copy(tar, tarball, w, buffer));
            }
        }
        return found;
    }

    private static TarArchiveInputStream openTar(InputStream in, Path tarball) throws IOException {
        try {
            return new TarArchiveInputStream(new GZIPInputStream(new BufferedInputStream(in, BUFFER), BUFFER));
        } catch (IOException e) {
            in.close();
            throw new DamagedArchiveException(tarball + " is not a gzip file: " + e.getMessage(), e);
        }
    }

    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar, Path tarball) throws IOException {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new DamagedArchiveException(tarball + " is damaged or truncated: " + e.getMessage(), e);
        }
    }

    private static Extracted copy(TarArchiveInputStream tar, Path tarball, Wanted w, byte[] buffer)
            throws IOException {
        MessageDigest sha = sha256();
        Path first = w.destinations().get(0);
        long size = 0;
        try (FileChannel out = FileChannel.open(first, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                int n;
                try {
                    n = tar.read(buffer);
                } catch (IOException e) {
                    throw new DamagedArchiveException(tarball + " is damaged or truncated inside " + w.path()
                            + ": " + e.getMessage(), e);
                }
                if (n < 0) {
                    break;
                }
                sha.update(buffer, 0, n);
                long writable = Math.max(0, Math.min(n, w.expectedSize() - size));
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, (int) writable);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                size += n;
            }
            // Durable before the directory is renamed into place, so a crash cannot leave a model that
            // looks installed but holds holes.
            out.force(true);
        }
        for (int i = 1; i < w.destinations().size(); i++) {
            Files.copy(first, w.destinations().get(i), StandardCopyOption.COPY_ATTRIBUTES);
            try (FileChannel copy = FileChannel.open(w.destinations().get(i), StandardOpenOption.WRITE)) {
                copy.force(true);
            }
        }
        return new Extracted(w.path(), size, HexFormat.of().formatHex(sha.digest()));
    }

    /** npm tarballs name entries "package/…"; some tar writers prefix "./". */
    static String normalize(String name) {
        String n = name;
        while (n.startsWith("./")) {
            n = n.substring(2);
        }
        return n;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** Counts compressed bytes for progress reports. */
    private static final class CountingInputStream extends FilterInputStream {
        private final long total;
        private final Progress progress;
        private long count;
        private long nextReport = PROGRESS_STEP;

        CountingInputStream(InputStream in, long total, Progress progress) {
            super(in);
            this.total = total;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(long n) {
            count += n;
            if (count >= nextReport) {
                nextReport = count + PROGRESS_STEP;
                progress.bytesRead(count, total);
            }
        }
    }
}
