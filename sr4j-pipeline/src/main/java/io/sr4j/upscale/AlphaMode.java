package io.sr4j.upscale;

/** How the alpha plane of a picture is enlarged. */
public enum AlphaMode {
    /** MATLAB-style bicubic, streamed alongside the colour (default). */
    BICUBIC,
    /**
     * The network itself, run on alpha copied to three channels, then the channel mean. Sharper
     * edges on line art; the enlarged alpha plane is held in memory whole.
     */
    MODEL
}
