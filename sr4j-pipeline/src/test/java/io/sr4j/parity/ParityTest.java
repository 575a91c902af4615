package io.sr4j.parity;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.engine.Engine;
import io.sr4j.engine.OrtEngine;
import io.sr4j.engine.reference.ReferenceCommand;
import io.sr4j.engine.reference.ReferenceComparison;
import io.sr4j.engine.reference.ReferenceComparison.Result;
import io.sr4j.engine.reference.ReferenceImages;
import io.sr4j.engine.reference.ReferenceProgram;
import io.sr4j.engine.reference.ReferenceProgram.CuganDenoise;
import io.sr4j.engine.reference.ReferenceProgram.Device;
import io.sr4j.engine.reference.ReferenceProgram.RealEsrganModel;
import io.sr4j.engine.reference.ReferenceProgram.UpscaylModel;
import io.sr4j.engine.reference.ReferenceRun;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.FetchListener;
import io.sr4j.model.ModelStore;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity of sr4j's imported models with the programs the ncnn files were made for: the same real
 * photo crops go through sr4j (ncnn → ONNX import, ONNX Runtime, fp32) and through the reference
 * program, and the two 8-bit images must agree to <b>PSNR ≥ 40 dB</b> on every crop.
 *
 * <p>What makes the comparison fair:
 * <ul>
 *   <li>Both read the same 8-bit PNG, and sr4j's float output is quantised as the programs do,
 *       clamp(floor(v·255 + 0.5)) ({@link ReferenceImages#level(float)}, applied inside
 *       {@link ReferenceComparison#compare}).</li>
 *   <li>Each crop fits in one tile on both sides (reference {@code -t} ≥ crop + 2·padding, sr4j
 *       tile size = crop), and sr4j pads that tile by the reference's own padding (Real-ESRGAN 10,
 *       Real-CUGAN ×2 18, waifu2x ×1 28, ×2 18) with the same border rule (reflect / replicate, both
 *       from the catalogue). Crops are multiples of 4, so no alignment extra is added on either
 *       side. What is left is arithmetic: fp32 here, fp16 storage on llvmpipe (or fp32 on
 *       Real-CUGAN's CPU path).</li>
 *   <li>Real-CUGAN runs with {@code -c 0}: with one tile its shared statistics ("syncgap") are the
 *       tile's own, as in sr4j.</li>
 * </ul>
 *
 * <p>Where the catalogue's default padding differs from the reference's (realesrgan-x4fast 32,
 * animevideov3 24), the PSNR with the default is measured too and reported, not asserted: a larger
 * context legitimately changes the border pixels.
 *
 * <p>Every measurement is printed as one line per model (PSNR per crop and min over crops, max abs
 * difference in levels, masked/repaired samples, seconds on each side) and written to
 * {@code target/parity-report.txt}. Needs
 * {@code scripts/install-reference-programs.sh}, and fetches models not yet in the store.
 */
@Tag("reference")
class ParityTest {
    private static final double MIN_PSNR_DB = 40.0;

    /** Three crops, 64–96 px, multiples of 4, from different photos. */
    private static final List<Crop> CROPS = List.of(
            new Crop("astronaut.png", 180, 70, 96),
            new Crop("coffee.png", 250, 120, 80),
            new Crop("chelsea.png", 140, 80, 64));
    /** x4plus (RRDBNet, 23 blocks) is slow on llvmpipe: one 64 px crop, the one with many negatives. */
    private static final List<Crop> ONE_CROP = List.of(new Crop("chelsea.png", 140, 80, 64));

    private static final Engine ENGINE = new OrtEngine();
    private static final List<String> REPORT = new ArrayList<>();

    @TempDir
    static Path dir;

    private static ReferenceProgram programs;
    private static ModelStore store;

    @BeforeAll
    static void setUp() {
        programs = ReferenceProgram.locate();
        store = ModelStore.builder().root(ModelStore.defaultRoot()).build();
    }

    @AfterAll
    static void tearDown() throws IOException {
        ENGINE.close();
        List<String> lines = new ArrayList<>();
        lines.add("model | crop PSNR dB | PSNR dB (min) | max |diff| levels | masked | repaired"
                + " | reference s | sr4j s | PSNR dB with default padding (min)");
        lines.addAll(REPORT);
        lines.forEach(line -> System.out.println("ParityTest: " + line));
        // Kept for docs/MODELS.md; the working directory is the module's.
        Files.write(Path.of("target", "parity-report.txt"), lines);
    }

    // Wrapped negatives: upscayl-bin runs on llvmpipe (Vulkan), which writes negative outputs as 255;
    // the reference is repaired with the negative probe (second run, +0.5 shift), so no mask is used
    // and the test asserts that the mask then finds nothing.
    @Test
    void realesrganX4fast() {
        Measurement m = measure("realesrgan-x4fast", 10, CROPS,
                tile -> programs.upscayl(UpscaylModel.REALESRGAN_X4FAST, tile), Negatives.REPAIR);
        assertParity(m);
    }

    // Wrapped negatives: realesrgan-ncnn-vulkan on llvmpipe; repaired with the negative probe.
    @Test
    void realesrAnimeVideoV3X2() {
        Measurement m = measure("realesr-animevideov3-x2", 10, CROPS,
                tile -> programs.realesrgan(RealEsrganModel.ANIMEVIDEOV3, 2, tile), Negatives.REPAIR);
        assertParity(m);
    }

    // Wrapped negatives: none to handle; realcugan-ncnn-vulkan -g -1 is ncnn's fp32 CPU path, which
    // clamps negatives to 0 correctly.
    @Test
    void realcuganUp2xNoDenoise() {
        Measurement m = measure("realcugan-up2x-no-denoise", 18, CROPS,
                tile -> programs.realcugan(2, CuganDenoise.NONE, 0, tile, Device.CPU), Negatives.NONE_EXPECTED);
        assertParity(m);
    }

    // Wrapped negatives: none to handle (CPU path, -g -1), as above.
    @Test
    void realcuganUp2xDenoise3x() {
        Measurement m = measure("realcugan-up2x-denoise3x", 18, CROPS,
                tile -> programs.realcugan(2, CuganDenoise.DENOISE3X, 0, tile, Device.CPU), Negatives.NONE_EXPECTED);
        assertParity(m);
    }

    // Wrapped negatives: waifu2x-ncnn-vulkan has no sound CPU path (-g -1 writes noise in this build),
    // so it runs on llvmpipe and is repaired with the negative probe.
    @Test
    void waifu2xCunetNoise1() {
        Measurement m = measure("waifu2x-cunet-noise1", 28, CROPS,
                tile -> programs.waifu2x(1, 1, tile), Negatives.REPAIR);
        assertParity(m);
    }

    // Wrapped negatives: llvmpipe, repaired with the negative probe.
    @Test
    void waifu2xCunetNoise1X2() {
        Measurement m = measure("waifu2x-cunet-noise1-x2", 18, CROPS,
                tile -> programs.waifu2x(2, 1, tile), Negatives.REPAIR);
        assertParity(m);
    }

    // Wrapped negatives: upscayl-bin on llvmpipe, but a repair would mean a second run of the
    // slowest network (15–70 s), so here the fallback mask of ReferenceComparison is used instead: a
    // 255 in the reference where sr4j says < 4 levels is left out. The masked share is bounded (measured
    // 0.55 % on this crop, 1081 samples; PSNR over all samples 22.6 dB) so the mask cannot hide a
    // broken model, and the PSNR over all samples is reported as well.
    @Test
    void realesrganX4plus() {
        Measurement m = measure("realesrgan-x4plus", 10, ONE_CROP,
                tile -> programs.upscayl(UpscaylModel.REALESRGAN_X4PLUS, tile).withTimeout(Duration.ofMinutes(4)),
                Negatives.MASK);
        assertParity(m);
        assertThat(m.maskedFraction()).as("share of samples masked as wrapped negatives").isLessThan(0.01);
    }

    private static void assertParity(Measurement m) {
        assertThat(m.minPsnr).as("%s: PSNR against the reference, min over crops (dB)", m.model)
                .isGreaterThanOrEqualTo(MIN_PSNR_DB);
        if (m.negatives != Negatives.MASK) {
            // Repaired or CPU references hold 0 where the network was negative; a 255 facing our
            // near-zero value would mean the repair missed something or the model is wrong there.
            assertThat(m.masked).as("%s: samples the mask would hide", m.model).isZero();
        }
        if (m.negatives == Negatives.NONE_EXPECTED) {
            assertThat(m.repaired).isZero();
        }
    }

    /** How a test deals with llvmpipe writing negative outputs as 255 (see ReferenceComparison). */
    private enum Negatives {
        /** The reference runs on a path without the defect. */
        NONE_EXPECTED,
        /** The reference is repaired by a second, shifted run (ReferenceCommand#runRepairingWrappedNegatives). */
        REPAIR,
        /** Wrapped samples are left out by ReferenceComparison's mask. */
        MASK
    }

    private interface CommandForTile {
        ReferenceCommand at(int tile);
    }

    private record Crop(String photo, int x, int y, int size) {
        String name() {
            return photo.replace(".png", "") + "@" + x + "," + y + "+" + size;
        }
    }

    private static final class Measurement {
        final String model;
        final Negatives negatives;
        final List<String> crops = new ArrayList<>();
        double minPsnr = Double.POSITIVE_INFINITY;
        double minPsnrAllSamples = Double.POSITIVE_INFINITY;
        double minPsnrDefault = Double.POSITIVE_INFINITY;
        int maxAbsDiff;
        long masked;
        long repaired;
        long samples;
        double referenceSeconds;
        double sr4jSeconds;

        Measurement(String model, Negatives negatives) {
            this.model = model;
            this.negatives = negatives;
        }

        double maskedFraction() {
            return samples == 0 ? 0 : (double) masked / samples;
        }
    }

    /**
     * Runs {@code model} through sr4j and the reference on each crop and gathers the numbers.
     *
     * @param referencePadding the padding the reference program uses for this model (its source)
     */
    private static Measurement measure(String model, int referencePadding, List<Crop> crops,
            CommandForTile reference, Negatives negatives) {
        Measurement m = new Measurement(model, negatives);
        int defaultPadding = store.catalog().get(model).tiling().padding();
        int maxCrop = 0;
        for (Crop crop : crops) {
            maxCrop = Math.max(maxCrop, crop.size());
        }
        // sr4j's tile size ≥ every crop: each crop is one tile, as in the reference.
        try (Upscaler parityPadded = upscaler(model, maxCrop, referencePadding);
                Upscaler defaultPadded = defaultPadding != referencePadding ? upscaler(model, maxCrop, -1) : null) {
            for (Crop crop : crops) {
                Path input = ReferenceImages.cropPhoto(crop.photo(), crop.x(), crop.y(), crop.size(), crop.size(),
                        dir.resolve(crop.name() + ".png"));
                PlanarImage rgb = ReferenceImages.readRgb(input);

                // One reference tile: the programs' tile size counts unpadded input pixels.
                ReferenceCommand command = reference.at(crop.size() + 2 * referencePadding);
                Path output = dir.resolve(model + "-" + crop.name() + ".png");
                ReferenceRun run = negatives == Negatives.REPAIR
                        ? command.runRepairingWrappedNegatives(input, output)
                        : command.run(input, output);
                m.referenceSeconds += run.elapsed().toNanos() / 1e9;
                m.repaired += run.repairedSamples();

                assertThat(parityPadded.nativeScale()).isEqualTo(command.scale());
                long start = System.nanoTime();
                PlanarImage ours = parityPadded.upscale(rgb, command.scale(), TileProgress.none());
                m.sr4jSeconds += (System.nanoTime() - start) / 1e9;

                Result parity = ReferenceComparison.compare(run.image(), ours);
                m.crops.add(String.format(Locale.ROOT, "%s %.2f", crop.name(), parity.psnr()));
                m.minPsnr = Math.min(m.minPsnr, parity.psnr());
                m.minPsnrAllSamples = Math.min(m.minPsnrAllSamples, parity.psnrAllSamples());
                m.maxAbsDiff = Math.max(m.maxAbsDiff, parity.maxAbsDiff());
                m.masked += parity.masked();
                m.samples += parity.samples();

                double withDefault = parity.psnr();
                if (defaultPadded != null) {
                    withDefault = ReferenceComparison.compare(run.image(),
                            defaultPadded.upscale(rgb, command.scale(), TileProgress.none())).psnr();
                }
                m.minPsnrDefault = Math.min(m.minPsnrDefault, withDefault);
            }
        }
        REPORT.add(String.format(Locale.ROOT,
                "%s | %s | %.2f (all samples %.2f) | %d | %d of %d | %d | %.1f | %.1f | %.2f%s",
                model, String.join(", ", m.crops), m.minPsnr, m.minPsnrAllSamples, m.maxAbsDiff, m.masked, m.samples,
                m.repaired, m.referenceSeconds, m.sr4jSeconds, m.minPsnrDefault,
                defaultPadding != referencePadding ? " (padding " + defaultPadding + ")" : " (same padding)"));
        return m;
    }

    /** An upscaler with one tile of {@code tileSize}, padded by {@code padding} (−1: the catalogue's). */
    private static Upscaler upscaler(String model, int tileSize, int padding) {
        Upscaler.Builder builder = Upscaler.builder().model(model).tileSize(tileSize).store(store).engine(ENGINE)
                .fetchListener(FetchListener.silent());
        return (padding >= 0 ? builder.tilePadding(padding) : builder).build();
    }
}
