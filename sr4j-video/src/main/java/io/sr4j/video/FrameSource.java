package io.sr4j.video;

import io.sr4j.enhance.EnhanceParameters;
import io.sr4j.enhance.SceneSmoother;
import io.sr4j.image.PlanarImage;

/**
 * The decoding stage's frames: decodes in order from the frame numbered {@code firstIndex}, hands
 * on those from {@code from} up to {@code to} (exclusive), and, when the run enhances, gives each a
 * grade from a {@link SceneSmoother} that sees every frame in order. The frames before {@code from}
 * that decide a grade ({@link SceneSmoother#history()}) are fed to the smoother but not handed on,
 * so a resumed run or a segment made on its own grades exactly as an uninterrupted run does.
 * Runs on the decoding thread only.
 */
final class FrameSource implements FramePipeline.Source {
    private final VideoSource source;
    private final long from;
    private final long to;
    private final SceneSmoother smoother;
    private long index;

    /**
     * @param firstIndex the number of the first frame {@code source} decodes
     * @param smoother   grades the frames; null when the run does not enhance
     */
    FrameSource(VideoSource source, long firstIndex, long from, long to, SceneSmoother smoother) {
        this.source = source;
        this.index = firstIndex;
        this.from = from;
        this.to = to;
        this.smoother = smoother;
    }

    /** The first frame a source must decode from so that frame {@code from} grades as in a whole run. */
    static long historyStart(long from, SceneSmoother smoother) {
        return smoother == null ? from : Math.max(0, from - smoother.history());
    }

    /** The number of the next frame to decode: after the end, the frames decoded (from 0) in all. */
    long nextIndex() {
        return index;
    }

    @Override
    public DecodedFrame next() {
        while (index < to && source.advance()) {
            long i = index++;
            if (i >= from) {
                PlanarImage rgb = source.rgb();
                // The grade is estimated on the decoded frame, before the network: the estimate samples
                // a grid anyway, so the small frame gives the same statistics at a fraction of the cost.
                EnhanceParameters grade = smoother != null ? smoother.next(rgb) : null;
                return new DecodedFrame(i, source.pts(), source.duration(), rgb, grade);
            }
            if (smoother != null && i >= historyStart(from, smoother)) {
                smoother.next(source.rgb());
            }
        }
        return null;
    }
}
