package io.sr4j.quality;

import io.sr4j.deblur.BlurKernel;
import io.sr4j.deblur.Convolution;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import java.util.Random;

/**
 * The damage real images carry, made on purpose: JPEG compression, Gaussian blur, additive
 * Gaussian noise, 8-bit quantisation. Used to build evaluation inputs ({@code sr4j eval
 * --degrade}) and labelled test sets for the no-reference signals. Every method leaves its input
 * untouched and returns a new image with samples in [0, 1].
 */
public final class Degradations {
    private Degradations() {
    }

    /**
     * {@code rgb} encoded as a baseline JPEG at {@code quality} (1–100, the IJG scale of
     * {@link ImageEncoder.Builder#jpegQuality}) and decoded again.
     */
    public static PlanarImage jpeg(PlanarImage rgb, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1..100, got " + quality);
        }
        byte[] bytes = jpegBytes(rgb, quality);
        return new ImageDecoder().decode(bytes, "jpeg-q" + quality).rgb();
    }

    /** The bytes of {@code rgb} encoded as JPEG at {@code quality}. */
    public static byte[] jpegBytes(PlanarImage rgb, int quality) {
        ImageEncoder encoder = ImageEncoder.builder().format(ImageFormat.JPEG).jpegQuality(quality).build();
        return encoder.encode(Picture.of(rgb));
    }

    /**
     * Every plane blurred by a Gaussian of standard deviation {@code sigma} pixels (taps out to
     * 3σ, mirrored at the borders), rounded to 8-bit codes.
     */
    public static PlanarImage gaussianBlur(PlanarImage image, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, got " + sigma);
        }
        int radius = (int) Math.ceil(3 * sigma);
        double[] taps = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            taps[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
            sum += taps[k + radius];
        }
        for (int k = 0; k < taps.length; k++) {
            taps[k] /= sum;
        }
        PlanarImage out = new PlanarImage(image.width(), image.height(), image.channels());
        for (int c = 0; c < image.channels(); c++) {
            Filters.separable(image.data(), out.data(), image.planeOffset(c), image.width(), image.height(), taps);
        }
        return quantize(out);
    }

    /**
     * Every plane blurred by {@code kernel} (motion, defocus, Gaussian or camera shake; mirrored at
     * the borders), rounded to 8-bit codes.
     */
    public static PlanarImage blur(PlanarImage image, BlurKernel kernel) {
        return quantize(Convolution.convolve(image, kernel));
    }

    /**
     * Adds independent Gaussian noise of standard deviation {@code sigma255} (on the 0–255 scale)
     * to every sample, from a generator seeded with {@code seed}; clamps and rounds to 8-bit codes.
     */
    public static PlanarImage gaussianNoise(PlanarImage image, double sigma255, long seed) {
        if (!(sigma255 >= 0)) {
            throw new IllegalArgumentException("sigma must be >= 0, got " + sigma255);
        }
        Random random = new Random(seed);
        float[] src = image.data();
        float[] dst = new float[src.length];
        double sigma = sigma255 / 255.0;
        for (int i = 0; i < src.length; i++) {
            dst[i] = (float) (src[i] + sigma * random.nextGaussian());
        }
        return quantize(new PlanarImage(image.width(), image.height(), image.channels(), dst));
    }

    /**
     * A copy clamped to [0, 1] and rounded to the nearest of the 256 8-bit codes: the image a
     * user would get from an 8-bit file.
     */
    public static PlanarImage quantize(PlanarImage image) {
        float[] src = image.data();
        float[] dst = new float[src.length];
        for (int i = 0; i < src.length; i++) {
            float v = Math.min(1f, Math.max(0f, src[i]));
            dst[i] = Math.round(v * 255f) / 255f;
        }
        return new PlanarImage(image.width(), image.height(), image.channels(), dst);
    }
}
