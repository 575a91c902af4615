package io.sr4j.upscale;

/**
 * What one {@link Upscaler#upscaleFile} call did.
 *
 * @param inputWidth   upright input width
 * @param inputHeight  upright input height
 * @param outputWidth  written width
 * @param outputHeight written height
 * @param tiles        network work units run (tiles, statistics passes included); 0 for filters
 * @param seconds      wall time from reading to the renamed output
 */
public record UpscaleResult(int inputWidth, int inputHeight, int outputWidth, int outputHeight, int tiles,
        double seconds) {
}
