package io.sr4j.engine.pytorch;

import java.util.Objects;

/**
 * What {@link PytorchImporter} recognised in a state dict, from tensor names and shapes alone.
 *
 * @param name        the architecture, as its authors call it: {@code SRVGGNetCompact} or {@code RRDBNet}
 * @param scale       how many times the network enlarges
 * @param tilePadding pixels of context each tile needs on every side (its receptive field, capped
 *                    where measurement showed less suffices)
 * @param tileWindow  1, or the attention window of a network whose windows are laid on a grid from
 *                    the image's top-left (SwinIR, HAT, DAT): tiles must then start on multiples of it
 *                    (their padding a multiple too) and stop at the image's edges, where the network
 *                    pads as it does for the whole image; see {@link #windowed()}
 * @param details     the hyper-parameters read from the shapes, e.g. {@code num_feat 64, num_conv 16, PReLU}
 */
public record DetectedArchitecture(String name, int scale, int tilePadding, int tileWindow, String details) {
    public DetectedArchitecture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(details, "details");
        if (scale < 1 || tilePadding < 0 || tileWindow < 1 || tilePadding % tileWindow != 0) {
            throw new IllegalArgumentException("scale " + scale + ", padding " + tilePadding + ", window " + tileWindow);
        }
    }

    /** A network without a window grid (tile window 1). */
    public DetectedArchitecture(String name, int scale, int tilePadding, String details) {
        this(name, scale, tilePadding, 1, details);
    }

    /** A window-grid network; {@code padding} is rounded up to a whole number of windows. */
    public static DetectedArchitecture onWindowGrid(String name, int scale, int padding, int window, String details) {
        return new DetectedArchitecture(name, scale, alignPadding(padding, window), window, details);
    }

    /** Whether tiles must follow the window grid ({@link #tileWindow()} &gt; 1). */
    public boolean windowed() {
        return tileWindow > 1;
    }

    /** {@code padding} (a user's) rounded up to a whole number of {@code window}s. */
    public static int alignPadding(int padding, int window) {
        return (padding + window - 1) / window * window;
    }

    /** One line for people: {@code RRDBNet ×4 (nf 64, nb 23, gc 32, new keys)}. */
    public String describe() {
        return name + " ×" + scale + " (" + details + ")";
    }
}
