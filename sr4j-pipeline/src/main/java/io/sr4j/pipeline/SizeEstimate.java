package io.sr4j.pipeline;

/**
 * What a pipeline makes of an input size, before any work ({@link ImageRestorer#estimate}).
 *
 * @param width         the final width
 * @param height        the final height
 * @param largestPixels the largest image any stage makes, its network's own-scale output included
 */
public record SizeEstimate(int width, int height, double largestPixels) {
}
