package io.sr4j.io;

import java.io.EOFException;
import java.io.IOException;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * Wraps the stream an image reader reads and stops a reader that keeps reading past the end.
 *
 * <p>TwelveMonkeys' WebP lossless reader catches the {@link EOFException} of every byte it reads
 * past the end and goes on decoding zeros: a damaged 300-byte file kept it building Huffman tables
 * (and one stack trace per byte) for seconds — a cheap way to tie up a server thread. Readers probe
 * the end a few times at most, so after {@value #READS_PAST_END_LIMIT} reads at the end this stream
 * throws a plain {@link IOException}, which the reader does not swallow. Found by
 * {@code DecodeFuzzTest}; see docs/RELIABILITY.md.
 */
final class EndGuardedImageInputStream extends ImageInputStreamImpl {
    /** Reads at the end of the data tolerated before the reader is stopped. */
    static final int READS_PAST_END_LIMIT = 4096;

    private final ImageInputStream in;
    private int readsPastEnd;

    EndGuardedImageInputStream(ImageInputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        sync();
        int b = in.read();
        if (b < 0) {
            return pastEnd();
        }
        streamPos++;
        bitOffset = 0;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        sync();
        int n = in.read(b, off, len);
        if (n < 0) {
            return pastEnd();
        }
        streamPos += n;
        bitOffset = 0;
        return n;
    }

    /** As the superclass, but the end of the data costs no stack trace: some readers hit it per byte. */
    @Override
    public byte readByte() throws IOException {
        int b = read();
        if (b < 0) {
            throw new PastEnd();
        }
        return (byte) b;
    }

    @Override
    public long length() {
        try {
            return in.length();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void flushBefore(long pos) throws IOException {
        super.flushBefore(pos);
        sync();
        in.flushBefore(pos);
    }

    /** The wrapped stream is the caller's to close. */
    @Override
    public void close() throws IOException {
        super.close();
    }

    private void sync() throws IOException {
        if (in.getStreamPosition() != streamPos) {
            in.seek(streamPos);
        }
    }

    private int pastEnd() throws IOException {
        if (++readsPastEnd > READS_PAST_END_LIMIT) {
            // "unexpected end" makes ImageDecoder report the input as truncated.
            throw new IOException("unexpected end of data: the decoder read past it " + readsPastEnd + " times");
        }
        return -1;
    }

    /** The end-of-data signal, without a stack trace. */
    private static final class PastEnd extends EOFException {
        PastEnd() {
            super("read past the end of the data");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
