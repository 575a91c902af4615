package io.sr4j.tile;

/** How {@link TilePlanner} divides an image edge of length L into ⌈L / T⌉ tile cores of at most T pixels. */
public enum SplitMode {
    /**
     * Cores as equal as possible: L / n each, the first L mod n of them one pixel longer (700 px
     * with T = 512 gives 350 + 350); with an alignment A &gt; 1 every core starts on a multiple of A
     * (sizes in whole units of A, the last one taking the remainder), so a core may exceed T by
     * less than A. Same tile count and same total padded area as {@link #FIXED},
     * but no sliver at the edge: every tile has about the same shape (buffers and engine shapes
     * are reused, tiles can be batched), the largest tile is smaller (lower peak memory), and
     * per-tile statistics (Real-CUGAN's squeeze-excitation means) never come from a thin strip.
     */
    BALANCED,
    /**
     * Cores of exactly T from the top-left, the last column/row taking the remainder (700 px with
     * T = 512 gives 512 + 188). This is the grid of the ncnn reference programs; use it to
     * reproduce their output tile for tile. Cores start on multiples of T, so choose T a multiple
     * of the alignment for networks that downsample.
     */
    FIXED
}
