package io.sr4j.train;

import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.quality.Degradations;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * High-resolution photos held in memory with their bicubic reductions, so a training crop is two
 * aligned cut-outs (the reduction of the whole photo equals MATLAB {@code imresize}, as in SR papers).
 */
final class PhotoSet {
    /** One photo: HR cut to a multiple of the scale, and its 8-bit bicubic reduction. */
    record Pair(String name, PlanarImage hr, PlanarImage lr) {
    }

    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "webp", "tif", "tiff", "bmp");

    private final List<Pair> pairs;

    private PhotoSet(List<Pair> pairs) {
        this.pairs = List.copyOf(pairs);
    }

    List<Pair> pairs() {
        return pairs;
    }

    /** Every image file under the folders, in a stable (sorted) order, minus {@code exclude}. */
    static List<Path> list(List<Path> folders, Set<Path> exclude) {
        List<Path> files = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("training folder " + folder + " does not exist"
                        + " (scripts/fetch-training-data.sh fetches the packaged photos)");
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                walk.filter(Files::isRegularFile).filter(PhotoSet::isImage).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
            }
        }
        files.removeIf(f -> exclude.contains(f.toAbsolutePath().normalize()));
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no photos (PNG/JPEG/WebP/TIFF) in " + folders);
        }
        return files;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
    }

    /**
     * Decodes, optionally shrinks by {@code hrDownscale}, optionally takes a centred square of
     * {@code crop} (0 = whole photo), cuts to a multiple of {@code scale} and reduces.
     */
    static PhotoSet load(List<Path> files, int scale, double hrDownscale, int crop, int threads) {
        ImageDecoder decoder = new ImageDecoder();
        Resampler bicubic = Resampler.of(ResampleFilter.BICUBIC).withThreads(threads);
        List<Pair> pairs = new ArrayList<>();
        for (Path f : files) {
            PlanarImage hr = decoder.decode(f).rgb();
            if (hrDownscale > 1) {
                hr = bicubic.resize(hr, (int) Math.round(hr.width() / hrDownscale),
                        (int) Math.round(hr.height() / hrDownscale));
            }
            if (crop > 0) {
                int c = Math.min(crop, Math.min(hr.width(), hr.height()));
                hr = hr.crop((hr.width() - c) / 2, (hr.height() - c) / 2, c, c);
            }
            int w = hr.width() - hr.width() % scale;
            int h = hr.height() - hr.height() % scale;
            hr = Degradations.quantize(hr.crop(0, 0, w, h));
            PlanarImage lr = Degradations.quantize(bicubic.resize(hr, w / scale, h / scale));
            pairs.add(new Pair(f.getFileName().toString(), hr, lr));
        }
        return new PhotoSet(pairs);
    }
}
