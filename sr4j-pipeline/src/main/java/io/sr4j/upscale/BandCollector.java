package io.sr4j.upscale;

import io.sr4j.image.PlanarImage;
import io.sr4j.image.RowSink;

/** Assembles bands into whole images, for the in-memory API. */
final class BandCollector implements RowSink {
    private final PlanarImage rgb;
    private PlanarImage alpha;
    private int rows;

    BandCollector(int width, int height) {
        this.rgb = new PlanarImage(width, height, 3);
    }

    @Override
    public void rows(PlanarImage band, PlanarImage alphaBand) {
        copy(band, rgb);
        if (alphaBand != null) {
            if (alpha == null) {
                alpha = new PlanarImage(rgb.width(), rgb.height(), 1);
            }
            copy(alphaBand, alpha);
        }
        rows += band.height();
    }

    private void copy(PlanarImage band, PlanarImage into) {
        for (int c = 0; c < band.channels(); c++) {
            System.arraycopy(band.data(), band.planeOffset(c), into.data(), into.planeOffset(c) + rows * into.width(),
                    band.planeSize());
        }
    }

    PlanarImage rgb() {
        if (rows != rgb.height()) {
            throw new IllegalStateException("only " + rows + " of " + rgb.height() + " rows arrived");
        }
        return rgb;
    }

    /** The alpha plane, or null if no band came with alpha. */
    PlanarImage alpha() {
        return alpha;
    }
}
