package io.sr4j.video;

import io.sr4j.color.ContentLightLevel;
import io.sr4j.image.PlanarImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Encodes one segment of the upscaled video into a {@link SegmentFile}, with a fresh encoder, so
 * the segment starts with a key frame and stands alone. The segments of a run share their codec
 * headers and one timeline, so {@link Remuxer} joins them by copying packets.
 */
final class SegmentWriter implements AutoCloseable {
    private final FrameEncoder encoder;
    private final SegmentFile.Writer file;
    /** HDR: decodes what is encoded to measure its light level; null for SDR. */
    private final DecodedLight light;
    private long lightNanos;

    /** @param name the segment's file, named in errors */
    SegmentWriter(Path name, OutputStream out, EncoderSettings settings) throws IOException {
        // Global headers: the final container (MP4, Matroska) takes the codec headers once.
        encoder = new FrameEncoder(name, settings, true);
        try {
            file = new SegmentFile.Writer(out, encoder.context());
            light = settings.hdr() != null ? new DecodedLight(name, encoder.context(), settings.hdr()) : null;
        } catch (IOException | RuntimeException e) {
            encoder.close();
            throw e;
        }
    }

    /** Encodes a frame shown at {@code pts} for {@code duration} (the run's video time base). */
    void write(PlanarImage rgb, long pts, long duration) {
        encoder.encode(rgb, pts, duration, this::store);
    }

    /**
     * Flushes the encoder's delayed frames and the file's buffer; returns the segment's light level
     * as it decodes (HDR), else {@link ContentLightLevel#NONE}.
     */
    ContentLightLevel finish() throws IOException {
        encoder.flush(this::store);
        file.flush();
        if (light == null) {
            return ContentLightLevel.NONE;
        }
        long t0 = System.nanoTime();
        try {
            return light.finish();
        } finally {
            lightNanos += System.nanoTime() - t0;
        }
    }

    /** Nanoseconds spent converting float RGB to YCbCr for the encoder. */
    long conversionNanos() {
        return encoder.conversionNanos();
    }

    /** Nanoseconds spent decoding what was encoded to measure its light level (HDR; else 0). */
    long lightNanos() {
        return lightNanos;
    }

    private void store(AVPacket packet) {
        if (light != null) {
            long t0 = System.nanoTime();
            light.accept(packet);
            lightNanos += System.nanoTime() - t0;
        }
        try {
            file.write(packet);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (light != null) {
            light.close();
        }
        encoder.close();
    }
}
