package io.sr4j.io;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.testing.TestPhotos;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * sr4j's PNG writer against ImageIO's on a large real image (coffee.png enlarged with Lanczos-3 to
 * 4000×3000, 8-bit RGB), side by side in one JVM: median seconds of 3 runs after a warm-up, and
 * file sizes. Not a test: run it with tools/timing/png-write-timing.sh [ZLIB_LEVEL...].
 */
public final class PngWriteTiming {
    private PngWriteTiming() {
    }

    public static void main(String[] args) throws IOException {
        PlanarImage coffee = TestPhotos.rgb("coffee.png");
        PlanarImage big = Resampler.of(ResampleFilter.LANCZOS3).resize(coffee, 4000, 3000).clampInPlace(0f, 1f);
        Picture picture = Picture.of(big);
        BufferedImage image = BufferedImages.toBufferedImage(picture, 8, false, false);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println("| writer | seconds (median of 3) | MB |");
        System.out.println("|---|---|---|");
        time("ImageIO PNG writer", () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.size();
        });
        int[] levels = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray() : new int[] {6};
        for (int level : levels) {
            time("PngStreamWriter, level " + level + ", 1 thread", () -> sr4j(picture, 1, level));
            time("PngStreamWriter, level " + level + ", " + cores + " threads", () -> sr4j(picture, cores, level));
        }
    }

    private static int sr4j(Picture picture, int threads, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PngStreamWriter png = PngStreamWriter.builder(picture.width(), picture.height()).threads(threads)
                .compressionLevel(level).open(out)) {
            png.rows(picture.rgb(), null);
            png.finish();
        }
        return out.size();
    }

    private interface Write {
        int run() throws IOException;
    }

    private static void time(String name, Write write) throws IOException {
        write.run();
        double[] seconds = new double[3];
        int bytes = 0;
        for (int i = 0; i < seconds.length; i++) {
            long start = System.nanoTime();
            bytes = write.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(seconds);
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f |%n", name, seconds[1], bytes / 1e6);
    }
}
