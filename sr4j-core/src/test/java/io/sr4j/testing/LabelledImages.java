package io.sr4j.testing;

import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.quality.Degradations;
import io.sr4j.quality.QualityAssessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A labelled set for the no-reference quality signals, made from real Debian images: photos
 * (python3-skimage) and drawings/paintings (pingus-data), each centre-cropped and then kept clean,
 * JPEG-compressed (q 20–50), blurred (Gaussian σ 1.5–2.5) or made noisy (Gaussian σ 8–16 on the
 * 0–255 scale). The degradation strength cycles over the images, so every strength appears.
 */
public final class LabelledImages {
    /** What the picture shows. */
    public enum Content { PHOTO, ILLUSTRATION }

    /** What was done to it. */
    public enum Condition { CLEAN, JPEG, BLUR, NOISE }

    /**
     * One labelled image.
     *
     * @param name      source file and what was done, e.g. {@code coffee.png jpeg q30}
     * @param content   photo or illustration
     * @param condition the damage
     * @param amount    JPEG quality, blur σ or noise σ; 0 when clean
     * @param rgb       the pixels (8-bit values in [0, 1])
     */
    public record Item(String name, Content content, Condition condition, double amount, PlanarImage rgb) {
    }

    public static final List<String> PHOTOS = List.of("astronaut.png", "chelsea.png", "coffee.png",
            "motorcycle_left.png", "camera.png", "grass.png", "brick.png", "moon.png");
    public static final List<String> ILLUSTRATIONS = List.of("story0.png", "story1.png", "story3.png",
            "story5.png", "menu-layer1.png", "menu-layer2.png", "blackboard.png", "sortie-entrance.png");

    private static final int[] JPEG_QUALITIES = {20, 30, 40, 50};
    private static final double[] BLUR_SIGMAS = {1.5, 2.0, 2.5};
    private static final double[] NOISE_SIGMAS = {8, 12, 16};

    private LabelledImages() {
    }

    /** Every image in every condition: 16 sources × 4 conditions. */
    public static List<Item> all(int cropEdge) {
        List<Item> items = new ArrayList<>();
        int k = 0;
        for (String name : PHOTOS) {
            addConditions(items, name, Content.PHOTO, load(TestData.skimage(name), cropEdge), k++);
        }
        for (String name : ILLUSTRATIONS) {
            addConditions(items, name, Content.ILLUSTRATION, load(TestData.pingus(name), cropEdge), k++);
        }
        return items;
    }

    private static void addConditions(List<Item> items, String name, Content content, PlanarImage clean, int k) {
        items.add(new Item(name + " clean", content, Condition.CLEAN, 0, clean));
        int q = JPEG_QUALITIES[k % JPEG_QUALITIES.length];
        items.add(new Item(name + " jpeg q" + q, content, Condition.JPEG, q, Degradations.jpeg(clean, q)));
        double b = BLUR_SIGMAS[k % BLUR_SIGMAS.length];
        items.add(new Item(name + " blur " + b, content, Condition.BLUR, b, Degradations.gaussianBlur(clean, b)));
        double s = NOISE_SIGMAS[k % NOISE_SIGMAS.length];
        items.add(new Item(name + " noise " + s, content, Condition.NOISE, s, Degradations.gaussianNoise(clean, s, k)));
    }

    /** The centred crop of at most {@code edge} × {@code edge}, over white where transparent, 8-bit. */
    public static PlanarImage load(Path file, int edge) {
        PlanarImage rgb = QualityAssessor.onWhite(new ImageDecoder().decode(file));
        int w = Math.min(edge, rgb.width());
        int h = Math.min(edge, rgb.height());
        return Degradations.quantize(rgb.crop((rgb.width() - w) / 2, (rgb.height() - h) / 2, w, h));
    }
}
