package io.sr4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Adler32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Node;

/**
 * The streaming PNG writer against the JDK's own PNG decoder: every colour type and depth comes
 * back sample for sample, however the rows are handed over and however many threads compress.
 */
class PngStreamWriterTest {

    @ParameterizedTest(name = "{0}x{1} {2}-bit grey={3} alpha={4} threads={5}")
    @CsvSource({
        "1, 1, 8, false, false, 1",
        "1, 1, 16, true, false, 2",
        "2, 1, 16, true, true, 2",
        "37, 23, 8, false, false, 3",
        "37, 23, 16, false, false, 3",
        "37, 23, 8, true, false, 2",
        "37, 23, 16, true, false, 2",
        "37, 23, 8, false, true, 2",
        "37, 23, 16, false, true, 4",
        "37, 23, 8, true, true, 2",
        "37, 23, 16, true, true, 1",
        // rows of ~5.6 kB: several compression bands, so band joins and checksum combining are exercised
        "701, 997, 16, false, true, 4",
        "1, 3001, 8, false, false, 2",
        "3001, 2, 8, true, false, 2",
    })
    void theJdkDecoderReadsBackEverySample(int w, int h, int depth, boolean grey, boolean alpha, int threads)
            throws IOException {
        Picture picture = TestPictures.random(w, h, depth, grey, alpha, 11L * w + h);
        byte[] png = writeInRandomBands(picture, depth, grey, alpha, threads, PngMetadata.none(), 5L);

        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(decoded.getWidth()).isEqualTo(w);
        assertThat(decoded.getHeight()).isEqualTo(h);
        Raster raster = decoded.getRaster();
        int colours = grey ? 1 : 3;
        assertThat(raster.getNumBands()).isEqualTo(colours + (alpha ? 1 : 0));
        assertThat(raster.getSampleModel().getSampleSize(0)).isEqualTo(depth);
        int max = (1 << depth) - 1;
        float[] rgb = picture.rgb().data();
        int n = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                for (int c = 0; c < colours; c++) {
                    assertThat(raster.getSample(x, y, c)).as("(%d,%d) band %d", x, y, c)
                            .isEqualTo(TestPictures.sample(rgb[c * n + i], max));
                }
                if (alpha) {
                    assertThat(raster.getSample(x, y, colours))
                            .isEqualTo(TestPictures.sample(picture.alpha().orElseThrow().data()[i], max));
                }
            }
        }
    }

    @Test
    void bytesDoNotDependOnTheThreadCountOrBandSizes() throws IOException {
        Picture picture = TestPictures.random(600, 900, 8, false, false, 3L);
        byte[] one = writeInRandomBands(picture, 8, false, false, 1, PngMetadata.none(), 1L);
        byte[] four = writeInRandomBands(picture, 8, false, false, 4, PngMetadata.none(), 2L);
        assertThat(four).isEqualTo(one);
        assertThat(PngBytes.chunkTypes(one)).contains("IDAT").endsWith("IEND");
    }

    @Test
    void smoothImagesCompressWell() throws IOException {
        // Filters matter on photos: a gradient must shrink far below its raw size.
        PlanarImage rgb = new PlanarImage(512, 512, 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 512; y++) {
                for (int x = 0; x < 512; x++) {
                    rgb.set(c, x, y, (x + y * (c + 1)) % 512 / 511f);
                }
            }
        }
        byte[] png = writeInRandomBands(Picture.of(rgb), 8, false, false, 2, PngMetadata.none(), 4L);
        assertThat(png.length).isLessThan(512 * 512 * 3 / 20);
    }

    /**
     * Paeth on every row (the default) and the adaptive choice give the same samples back; on a real
     * photo Paeth alone costs at most 1 % more bytes.
     */
    @Test
    void paethAloneIsAsGoodAsTheAdaptiveChoiceOnAPhoto() throws IOException {
        PlanarImage photo = io.sr4j.testing.TestPhotos.rgb("astronaut.png").clampInPlace(0f, 1f);
        byte[] paeth = write(photo, false);
        byte[] adaptive = write(photo, true);
        assertThat(paeth).isNotEqualTo(adaptive);
        assertThat(PngBytes.samples(paeth)).isEqualTo(PngBytes.samples(adaptive));
        assertThat(ImageIO.read(new ByteArrayInputStream(paeth)).getRGB(100, 200))
                .isEqualTo(ImageIO.read(new ByteArrayInputStream(adaptive)).getRGB(100, 200));
        assertThat((double) paeth.length).isLessThanOrEqualTo(1.01 * adaptive.length);
    }

    private static byte[] write(PlanarImage rgb, boolean adaptive) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PngStreamWriter png = PngStreamWriter.builder(rgb.width(), rgb.height()).adaptiveFilters(adaptive)
                .threads(2).open(out)) {
            png.rows(rgb, null);
            png.finish();
        }
        return out.toByteArray();
    }

    @Test
    void metadataChunksComeBeforeTheImageDataAndTheJdkReadsThem() throws IOException {
        byte[] icc = java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData();
        byte[] exif = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0};
        String xmp = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF/></x:xmpmeta> é";
        PngMetadata chunks = PngMetadata.none().withIccProfile(icc).withExif(exif).withXmp(xmp)
                .withPixelsPerMetre(3780);
        Picture picture = TestPictures.random(5, 4, 8, false, false, 9L);
        byte[] png = writeInRandomBands(picture, 8, false, false, 1, chunks, 1L);

        assertThat(PngBytes.chunkTypes(png)).containsExactly("IHDR", "iCCP", "pHYs", "eXIf", "iTXt", "IDAT", "IEND");
        assertThat(PngBytes.chunkData(png, "eXIf")).isEqualTo(exif);
        byte[] itxt = PngBytes.chunkData(png, "iTXt");
        assertThat(new String(itxt, StandardCharsets.UTF_8)).startsWith("XML:com.adobe.xmp\0").endsWith(xmp);

        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            IIOMetadata meta = reader.getImageMetadata(0);
            Node root = meta.getAsTree("javax_imageio_png_1.0");
            Node iccp = child(root, "iCCP");
            assertThat(iccp).isNotNull();
            byte[] compressed = (byte[]) ((javax.imageio.metadata.IIOMetadataNode) iccp).getUserObject();
            assertThat(PngBytes.inflate(compressed)).isEqualTo(icc);
            Node phys = child(root, "pHYs");
            assertThat(phys.getAttributes().getNamedItem("pixelsPerUnitXAxis").getNodeValue()).isEqualTo("3780");
            Node itxtNode = child(child(root, "iTXt"), "iTXtEntry");
            assertThat(itxtNode.getAttributes().getNamedItem("text").getNodeValue()).isEqualTo(xmp);
            reader.dispose();
        }
    }

    @Test
    void srgbChunkWhenAskedAndNoProfile() throws IOException {
        byte[] png = writeInRandomBands(TestPictures.random(3, 3, 8, false, false, 1L), 8, false, false, 1,
                PngMetadata.none().withSrgb(true), 1L);
        assertThat(PngBytes.chunkTypes(png)).containsExactly("IHDR", "sRGB", "IDAT", "IEND");
    }

    @Test
    void refusesTooManyRowsTooFewRowsAndMissingAlpha() throws IOException {
        PlanarImage band = new PlanarImage(4, 3, 3);
        try (PngStreamWriter w = PngStreamWriter.builder(4, 4).open(new ByteArrayOutputStream())) {
            w.rows(band, null);
            assertThatThrownBy(() -> w.rows(band, null)).hasMessageContaining("overflows the image height 4");
        }
        try (PngStreamWriter w = PngStreamWriter.builder(4, 4).open(new ByteArrayOutputStream())) {
            w.rows(band, null);
            assertThatThrownBy(w::finish).hasMessageContaining("only 3 of 4 rows");
        }
        try (PngStreamWriter w = PngStreamWriter.builder(4, 4).alpha(true).open(new ByteArrayOutputStream())) {
            assertThatThrownBy(() -> w.rows(band, null)).hasMessageContaining("give an alpha band");
        }
    }

    @Test
    void combinedAdlerEqualsTheAdlerOfTheWhole() {
        Random random = new Random(1);
        for (int trial = 0; trial < 50; trial++) {
            byte[] a = new byte[random.nextInt(200_000)];
            byte[] b = new byte[random.nextInt(200_000)];
            random.nextBytes(a);
            random.nextBytes(b);
            Adler32 whole = new Adler32();
            whole.update(a);
            whole.update(b);
            Adler32 sa = new Adler32();
            sa.update(a);
            Adler32 sb = new Adler32();
            sb.update(b);
            assertThat(Adler32s.combine(sa.getValue(), sb.getValue(), b.length)).isEqualTo(whole.getValue());
        }
    }

    private static Node child(Node parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeName().equals(name)) {
                return n;
            }
        }
        return null;
    }

    /** Hands the picture over in bands of random heights (1 row up to a quarter of the image). */
    static byte[] writeInRandomBands(Picture picture, int depth, boolean grey, boolean alpha, int threads,
            PngMetadata chunks, long seed) throws IOException {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int h = picture.height();
        try (PngStreamWriter writer = PngStreamWriter.builder(picture.width(), h).bitDepth(depth).grey(grey)
                .alpha(alpha).threads(threads).metadata(chunks).open(out)) {
            int y = 0;
            while (y < h) {
                int rows = Math.min(h - y, 1 + random.nextInt(Math.max(1, h / 4)));
                PlanarImage rgb = picture.rgb().crop(0, y, picture.width(), rows);
                PlanarImage a = alpha ? picture.alpha().orElseThrow().crop(0, y, picture.width(), rows) : null;
                writer.rows(rgb, a);
                y += rows;
            }
            writer.finish();
        }
        return out.toByteArray();
    }
}
