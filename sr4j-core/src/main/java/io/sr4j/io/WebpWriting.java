package io.sr4j.io;

import com.luciad.imageio.webp.CompressionType;
import com.luciad.imageio.webp.WebPImageWriterSpi;
import com.luciad.imageio.webp.WebPWriteParam;
import com.luciad.imageio.webp.internal.NativeLoader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Encodes 8-bit RGB/RGBA images as WebP with libwebp, through {@code com.github.usefulness:webp-imageio}
 * (its native library is unpacked from the jar into {@code java.io.tmpdir} and loaded on first use).
 *
 * <p>The writer is created from its service provider directly instead of through ImageIO's
 * registry, so that which WebP plugin ImageIO ranks first (the decoder uses TwelveMonkeys') does
 * not matter here.
 */
final class WebpWriting {
    /** Lossless effort (libwebp's "quality" in lossless mode): 0.75 is cwebp's default, 1.0 is far slower. */
    private static final float LOSSLESS_EFFORT = 0.75f;

    private WebpWriting() {
    }

    /**
     * Why WebP cannot be written here (the native library did not load), or empty when it can.
     * The first call loads the library; the answer is then fixed for the life of the JVM.
     */
    static Optional<String> unavailableReason() {
        return Availability.REASON;
    }

    /**
     * Encodes {@code image} (8-bit, RGB or RGBA) as a complete WebP file. libwebp encodes into
     * memory in any case, so the bytes are returned for {@link WebpChunks} to add metadata to.
     *
     * @param quality  lossy quality 1–100 (ignored when lossless)
     * @param lossless lossless VP8L, keeping the colour of fully transparent pixels (bit-exact)
     */
    static byte[] encode(BufferedImage image, int quality, boolean lossless) throws IOException {
        unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        ImageWriter writer = new WebPImageWriterSpi().createWriterInstance(null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            WebPWriteParam param = new WebPWriteParam(Locale.ROOT);
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            if (lossless) {
                param.setCompressionType(CompressionType.Lossless);
                param.setCompressionQuality(LOSSLESS_EFFORT);
                // libwebp otherwise rewrites the RGB of fully transparent pixels to compress better.
                param.setExact(true);
            } else {
                param.setCompressionType(CompressionType.Lossy);
                param.setCompressionQuality(quality / 100f);
            }
            writer.setOutput(ios);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /** Loads libwebp once; holds the reason it failed, if it did. */
    private static final class Availability {
        static final Optional<String> REASON = probe();

        private static Optional<String> probe() {
            try {
                // The loader throws with the OS, architecture and paths it tried; the writer's own
                // static initialiser would only print that and fail later with a bare link error.
                NativeLoader.initialize();
                new WebPWriteParam(Locale.ROOT); // binds the first native method
                return Optional.empty();
            } catch (RuntimeException | LinkageError e) {
                String detail = e.getMessage() == null ? e.toString() : e.getMessage();
                return Optional.of("libwebp (webp-imageio " + NativeLoader.getVersion() + ") did not load on "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ": " + detail);
            }
        }
    }
}
