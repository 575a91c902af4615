package io.sr4j.engine.quant;

import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The photos int8 calibration runs on, shipped inside the jar so every user's int8 graph is the same
 * and needs nothing but the model: four 128×128 crops of scikit-image sample photos that sr4j's
 * quality tables do not use — {@code rocket.jpg} (twice: night sky with lights, ground; public
 * domain, SpaceX), {@code retina.jpg} (CC0) and {@code gravel.png} (CC0 Textures, grey).
 * Edges, flat areas, noise-like texture and bright point lights, so the ranges cover what photos hold.
 */
public final class CalibrationImages {
    private static final List<String> NAMES = List.of("calibration-rocket-sky.png", "calibration-rocket-ground.png",
            "calibration-retina.png", "calibration-gravel.png");

    private CalibrationImages() {
    }

    /** The built-in calibration crops as RGB planes in [0, 1], in a fixed order. */
    public static List<PlanarImage> builtIn() {
        ImageDecoder decoder = new ImageDecoder();
        List<PlanarImage> images = new ArrayList<>();
        for (String name : NAMES) {
            try (InputStream in = CalibrationImages.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("calibration image " + name + " is missing (a broken build?)");
                }
                images.add(decoder.decode(in, name).rgb());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read calibration image " + name + ": " + e.getMessage(), e);
            }
        }
        return images;
    }
}
