package io.sr4j.engine.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceImagesTest {
    @TempDir
    Path dir;

    @Test
    void rgbPngRoundTripsEveryLevelExactly() throws Exception {
        PlanarImage image = new PlanarImage(16, 16, 3);
        float[] d = image.data();
        for (int i = 0; i < 256; i++) {
            d[i] = i / 255f;              // R: every level
            d[256 + i] = (255 - i) / 255f; // G: reversed
            d[512 + i] = (i * 7 % 256) / 255f;
        }
        Path png = dir.resolve("a.png");
        ReferenceImages.writeRgb(image, png);

        BufferedImage decoded = ImageIO.read(png.toFile());
        assertThat(decoded.getRaster().getNumBands()).isEqualTo(3);
        // pixel (x=5, y=1) is index 21: R 21, G 234, B 147, checked through an independent path
        assertThat(decoded.getRGB(5, 1)).isEqualTo(0xFF000000 | 21 << 16 | 234 << 8 | 147);
        assertThat(ReferenceImages.readRgb(png)).isEqualTo(image);
    }

    @Test
    void greyPngIsReadIntoThreeEqualPlanes() throws Exception {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setPixels(0, 0, 3, 2, new int[] {0, 50, 100, 150, 200, 255});
        Path png = dir.resolve("g.png");
        ImageIO.write(grey, "png", png.toFile());

        PlanarImage read = ReferenceImages.readRgb(png);

        assertThat(read.channels()).isEqualTo(3);
        for (int c = 0; c < 3; c++) {
            assertThat(read.get(c, 1, 0)).isEqualTo(50 / 255f);
            assertThat(read.get(c, 2, 1)).isEqualTo(1f);
        }
    }
}
