package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.testing.TestData;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #4's bounded-memory promise: a 6000×4000 photo enlarged ×4 (a 24000×16000 = 384 Mpx
 * output, 4.6 GB as float RGB) completes in a JVM limited to 2 GB of heap, because the output is
 * streamed to PNG band by band. The CLI runs in a child JVM with {@code -Xmx2g} and the fastest ×4
 * network; the output is then checked by size and by a region read back with ImageIO's source
 * region (decoding it whole would need far more memory than the test has), against the in-memory
 * upscale of the matching input crop.
 */
@Tag("slow")
class HugeImageTest {
    private static final String MODEL = "realesr-animevideov3-x4";
    private static final int W = 6000;
    private static final int H = 4000;

    @TempDir
    Path temp;

    @Test
    void a6000x4000PhotoEnlargedFourTimesFitsInTwoGigabytesOfHeap() throws Exception {
        Path input = temp.resolve("coffee_6000x4000.jpg");
        Picture coffee = new ImageDecoder().decode(TestData.skimage("coffee.png")); // 600x400
        PlanarImage big = Resampler.of(ResampleFilter.LANCZOS3).withThreads(2).resize(coffee.rgb(), W, H)
                .clampInPlace(0f, 1f);
        ImageEncoder.builder().jpegQuality(90).build().write(Picture.of(big), input);
        big = null;

        Path output = temp.resolve("coffee_x4.png");
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx2g", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "upscale", input.toString(),
                "-o", output.toString(), "--model", MODEL));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(temp.resolve("child.log").toFile()).start();
        boolean done = child.waitFor(40, TimeUnit.MINUTES);
        String log = Files.readString(temp.resolve("child.log"), StandardCharsets.UTF_8);
        if (!done) {
            child.destroyForcibly();
        }
        assertThat(done).as("finished within 40 minutes: %s", log).isTrue();
        assertThat(child.exitValue()).as(log).isZero();
        assertThat(log).contains("24000x16000");

        int[] size = pngSize(output);
        assertThat(size).containsExactly(4 * W, 4 * H);

        // A region in the middle of the output against the in-memory upscale of its input crop
        // plus a margin wider than the network's receptive field (tiling contract: 1/255, plus
        // the 8-bit rounding of the written file).
        int x0 = 2900;
        int y0 = 1900;
        int side = 96;
        int margin = 40;
        PlanarImage decodedInput = new ImageDecoder().decode(input).rgb();
        PlanarImage crop = decodedInput.crop(x0 - margin, y0 - margin, side + 2 * margin, side + 2 * margin);
        decodedInput = null;
        PlanarImage expected;
        try (Upscaler upscaler = Upscaler.builder().model(MODEL).build()) {
            expected = upscaler.upscale(crop, 4, TileProgress.none());
        }
        BufferedImage region = readRegion(output, new Rectangle(4 * x0, 4 * y0, 4 * side, 4 * side));
        double worst = 0;
        for (int y = 0; y < 4 * side; y++) {
            for (int x = 0; x < 4 * side; x++) {
                int rgb = region.getRGB(x, y);
                for (int c = 0; c < 3; c++) {
                    int written = (rgb >> (16 - 8 * c)) & 0xFF;
                    float want = expected.get(c, 4 * margin + x, 4 * margin + y);
                    worst = Math.max(worst, Math.abs(written - want * 255));
                }
            }
        }
        assertThat(worst).as("max |file - in-memory| in 8-bit levels").isLessThanOrEqualTo(1.5);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Width and height from the IHDR chunk, which follows the 8-byte signature and chunk header. */
    private static int[] pngSize(Path png) throws Exception {
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            data.skipNBytes(16);
            return new int[] {data.readInt(), data.readInt()};
        }
    }

    private static BufferedImage readRegion(Path png, Rectangle region) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(new File(png.toString()))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceRegion(region);
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        }
    }
}
