package io.sr4j.resample;

import io.sr4j.image.PlanarImage;
import io.sr4j.testing.TestData;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * Reads the MATLAB-imresize reference fixtures written by {@code tools/fixtures/matlab_imresize.py}
 * and the photos they were made from. Photos are decoded here with plain ImageIO (the project's
 * decoder lives elsewhere) into [0, 1] planes, exactly as the script does with PIL (value / 255).
 */
final class Fixtures {
    static final String DIR = "/fixtures/resample/";
    private static final byte[] MAGIC = "SR4JF32\n".getBytes(StandardCharsets.US_ASCII);
    private static final Map<String, PlanarImage> PHOTOS = new ConcurrentHashMap<>();

    private Fixtures() {
    }

    /** One line of {@code cases.tsv}. {@code a, b} are sx, sy for mode "scale", width, height for "size". */
    record Case(String name, String photo, String photoSha256, int cropX, int cropY, int cropW, int cropH,
                ResampleFilter filter, boolean antialias, String mode, String a, String b, String file) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        try (InputStream in = resource("cases.tsv");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Case> cases = new ArrayList<>();
            String header = reader.readLine();
            if (header == null || !header.startsWith("name\tphoto\t")) {
                throw new IllegalStateException("cases.tsv has an unexpected header: " + header);
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 13) {
                    throw new IllegalStateException("cases.tsv line has " + f.length + " fields: " + line);
                }
                cases.add(new Case(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), Integer.parseInt(f[6]), ResampleFilter.parse(f[7]),
                        Boolean.parseBoolean(f[8]), f[9], f[10], f[11], f[12]));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A reference output: header (magic, channels, height, width as int32 LE) then float32 LE CHW. */
    static PlanarImage reference(String file) {
        try (InputStream raw = resource(file); DataInputStream in = new DataInputStream(raw)) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalStateException(file + " is not an SR4JF32 fixture");
            }
            byte[] head = new byte[12];
            in.readFully(head);
            ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
            int channels = h.getInt();
            int height = h.getInt();
            int width = h.getInt();
            byte[] body = new byte[Math.multiplyExact(Math.multiplyExact(channels * height, width), 4)];
            in.readFully(body);
            if (in.read() != -1) {
                throw new IllegalStateException(file + " has bytes after its " + channels + "x" + height + "x" + width + " samples");
            }
            float[] data = new float[channels * height * width];
            ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            return new PlanarImage(width, height, channels, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The photo the case was made from, checked against the hash the script recorded, then cropped. */
    static PlanarImage input(Case c) {
        PlanarImage photo = PHOTOS.computeIfAbsent(c.photo() + " " + c.photoSha256(), key -> {
            Path path = TestData.skimage(c.photo());
            String sha = sha256(path);
            if (!sha.equals(c.photoSha256())) {
                throw new IllegalStateException(path + " has SHA-256 " + sha + " but the fixtures were made from "
                        + c.photoSha256() + "; regenerate them with tools/fixtures/matlab_imresize.py");
            }
            return decode(path);
        });
        return photo.crop(c.cropX(), c.cropY(), c.cropW(), c.cropH());
    }

    /** An 8-bit grey or RGB image as planes of value / 255, read in bulk from the raster. */
    static PlanarImage decode(Path path) {
        try {
            BufferedImage image = ImageIO.read(path.toFile());
            if (image == null) {
                throw new IllegalStateException("no ImageIO reader for " + path);
            }
            Raster raster = image.getRaster();
            int bands = raster.getNumBands();
            for (int b = 0; b < bands; b++) {
                if (raster.getSampleModel().getSampleSize(b) != 8) {
                    throw new IllegalStateException(path + " band " + b + " is not 8-bit");
                }
            }
            if (bands != 1 && bands != 3) {
                throw new IllegalStateException(path + " has " + bands + " bands; fixtures use grey or RGB photos");
            }
            int w = raster.getWidth();
            int h = raster.getHeight();
            int[] interleaved = raster.getPixels(0, 0, w, h, (int[]) null);
            float[] planes = new float[bands * w * h];
            int n = w * h;
            for (int i = 0; i < n; i++) {
                for (int b = 0; b < bands; b++) {
                    planes[b * n + i] = interleaved[i * bands + b] / 255f;
                }
            }
            return new PlanarImage(w, h, bands, planes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Fixtures.class.getResourceAsStream(DIR + name);
        if (in == null) {
            throw new IllegalStateException("fixture " + DIR + name + " is missing from the test classpath");
        }
        return in;
    }

    private static String sha256(Path path) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
