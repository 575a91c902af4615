package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;
import io.sr4j.resample.Resampler;
import io.sr4j.resample.StreamingResampler;
import java.util.ArrayDeque;

/**
 * The enlarged alpha plane, handed out in the same bands as the colour: either resized on demand
 * from the input alpha (a streaming resize fed only as far as the rows asked for), or cut from an
 * alpha plane enlarged whole beforehand.
 */
final class AlphaRows {
    private static final int ROWS_PER_PUSH = 32;

    private final PlanarImage source;
    private final StreamingResampler resize;
    private final ArrayDeque<PlanarImage> ready = new ArrayDeque<>();
    private int sourceRowsPushed;
    private int readyRows;
    /** Rows already handed out of the head band of {@code ready}. */
    private int headUsed;
    private final int width;

    private AlphaRows(PlanarImage source, Resampler resampler, OutputGeometry target) {
        this.source = source;
        this.width = target.width();
        this.resize = resampler == null ? null : resampler.streaming(source.width(), source.height(),
                target.width(), target.height(), target.scaleX(), target.scaleY(), 1, this::accept);
        if (resampler == null) {
            ready.add(source);
            readyRows = source.height();
        }
    }

    /** Alpha resized from the input's alpha plane with {@code resampler}, as rows are asked for. */
    static AlphaRows resized(PlanarImage inputAlpha, Resampler resampler, OutputGeometry target) {
        return new AlphaRows(inputAlpha, resampler, target);
    }

    /** Alpha cut from a plane already of the output size. */
    static AlphaRows of(PlanarImage outputAlpha) {
        return new AlphaRows(outputAlpha, null, new OutputGeometry(outputAlpha.width(), outputAlpha.height(), 1, 1));
    }

    private void accept(PlanarImage band) {
        ready.add(band);
        readyRows += band.height();
    }

    /** The next {@code rows} rows of alpha, clamped to [0, 1]. */
    PlanarImage next(int rows) {
        while (readyRows - headUsed < rows && resize != null && sourceRowsPushed < source.height()) {
            int n = Math.min(ROWS_PER_PUSH, source.height() - sourceRowsPushed);
            resize.push(source.crop(0, sourceRowsPushed, source.width(), n));
            sourceRowsPushed += n;
        }
        if (readyRows - headUsed < rows) {
            throw new IllegalStateException("alpha has " + (readyRows - headUsed) + " rows left, " + rows + " asked");
        }
        PlanarImage out = new PlanarImage(width, rows, 1);
        int filled = 0;
        while (filled < rows) {
            PlanarImage head = ready.peekFirst();
            int n = Math.min(rows - filled, head.height() - headUsed);
            System.arraycopy(head.data(), headUsed * width, out.data(), filled * width, n * width);
            filled += n;
            headUsed += n;
            if (headUsed == head.height()) {
                ready.removeFirst();
                readyRows -= head.height();
                headUsed = 0;
            }
        }
        return out.clampInPlace(0f, 1f);
    }
}
