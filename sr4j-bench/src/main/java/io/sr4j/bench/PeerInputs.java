package io.sr4j.bench;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the inputs of the side-by-side runs against the peer programs ({@code tools/bench/peers.sh})
 * from real photos: {@code crops/} (non-overlapping 240×240 crops, photo after photo, until there
 * are enough), {@code photo-800x600.png} (the centre of the first photo that large), and for the
 * TF.js runner a 128×128 crop as PNG and as raw float32 ({@code H×W×3}, 0..255, little-endian).
 *
 * <pre>java -cp sr4j.jar io.sr4j.bench.PeerInputs PHOTO_DIR OUT_DIR [CROPS]</pre>
 */
public final class PeerInputs {
    /** Photos of scikit-image's sample set used, in order; all real camera pictures. */
    static final List<String> PHOTOS = List.of("hubble_deep_field.jpg", "motorcycle_left.png",
            "motorcycle_right.png", "astronaut.png", "coffee.png", "rocket.jpg", "chelsea.png");
    static final int CROP = 240;
    static final int SMALL = 128;

    private PeerInputs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: PeerInputs PHOTO_DIR OUT_DIR [CROPS (default 28)]");
            System.exit(2);
        }
        Path photos = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int wanted = args.length > 2 ? Integer.parseInt(args[2]) : 28;
        write(photos, out, wanted);
    }

    static void write(Path photoDir, Path out, int wanted) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        ImageEncoder encoder = ImageEncoder.defaults();
        List<PlanarImage> photos = new ArrayList<>();
        for (String name : PHOTOS) {
            Path file = photoDir.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + ": photo missing (scripts/fetch-test-data.sh fetches them)");
            }
            photos.add(decoder.decode(file).rgb());
        }
        Path crops = Files.createDirectories(out.resolve("crops"));
        int written = 0;
        for (int p = 0; p < photos.size() && written < wanted; p++) {
            PlanarImage photo = photos.get(p);
            for (int y = 0; y + CROP <= photo.height() && written < wanted; y += CROP) {
                for (int x = 0; x + CROP <= photo.width() && written < wanted; x += CROP) {
                    encoder.write(Picture.of(photo.crop(x, y, CROP, CROP)),
                            crops.resolve(String.format("crop%02d.png", written++)));
                }
            }
        }
        if (written < wanted) {
            throw new IOException("the photos give only " + written + " crops of " + CROP + " px, not " + wanted);
        }
        PlanarImage large = photos.stream().filter(i -> i.width() >= 800 && i.height() >= 600).findFirst()
                .orElseThrow(() -> new IOException("no photo of at least 800x600"));
        encoder.write(Picture.of(large.crop((large.width() - 800) / 2, (large.height() - 600) / 2, 800, 600)),
                out.resolve("photo-800x600.png"));
        PlanarImage small = photos.get(3).crop(150, 60, SMALL, SMALL);
        encoder.write(Picture.of(small), out.resolve("photo-128.png"));
        Files.write(out.resolve("photo-128.f32"), interleaved255(small));
    }

    /** Row-major {@code H×W×3} float32 in 0..255, the 8-bit level of each sample, little-endian. */
    static byte[] interleaved255(PlanarImage rgb) {
        ByteBuffer bytes = ByteBuffer.allocate(rgb.width() * rgb.height() * 3 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    bytes.putFloat(Math.round(Math.min(1f, Math.max(0f, rgb.get(c, x, y))) * 255f));
                }
            }
        }
        return bytes.array();
    }
}
