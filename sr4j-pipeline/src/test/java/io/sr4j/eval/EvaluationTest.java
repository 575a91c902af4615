package io.sr4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.metrics.MetricOptions;
import io.sr4j.metrics.QualityMetrics;
import io.sr4j.model.ModelNotFoundException;
import io.sr4j.model.ModelStore;
import io.sr4j.quality.Degradations;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.testing.TestPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Evaluation} with the classical baselines on real photo crops (no network, so it is quick). */
class EvaluationTest {
    @TempDir
    Path temp;

    private Path hr(String photo, int x, int y, int w, int h, String name) {
        Path file = temp.resolve(name);
        ImageEncoder.builder().format(ImageFormat.PNG).build()
                .write(Picture.of(TestPhotos.crop(photo, x, y, w, h)), file);
        return file;
    }

    private static ModelStore store() {
        return ModelStore.builder().root(ModelStore.defaultRoot()).build();
    }

    @Test
    void bicubicBaselineIsWhatThePaperRecipeGivesAndLanczosBeatsNearest() {
        // 101 x 99 is not a multiple of 4: the evaluation crops it to 100 x 96 first (modcrop).
        Path file = hr("astronaut.png", 150, 60, 101, 99, "face.png");
        EvalReport report = Evaluation.builder().images(List.of(file)).scale(4)
                .models(List.of("nearest", "bicubic", "lanczos")).store(store()).build().run(Evaluation.Listener.silent());

        PlanarImage hr = Degradations.quantize(new ImageDecoder().decode(file).rgb().crop(0, 0, 100, 96));
        Resampler bicubic = Resampler.of(ResampleFilter.BICUBIC);
        PlanarImage lr = Degradations.quantize(bicubic.resize(hr, 25, 24));
        PlanarImage up = Degradations.quantize(bicubic.resize(lr, 100, 96));
        double expected = QualityMetrics.psnr(hr, up, MetricOptions.forScale(4));

        assertThat(report.results()).hasSize(3);
        assertThat(report.summary("bicubic").psnr()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(report.summary("lanczos").psnr()).isGreaterThan(report.summary("nearest").psnr());
        assertThat(report.summary("bicubic").ssim()).isBetween(0.3, 1.0);
    }

    @Test
    void jpegDegradationAtScaleOneLowersFidelityMoreAtLowerQuality() {
        Path file = hr("coffee.png", 100, 100, 96, 96, "cup.png");
        double q30 = oneToOne(file, Degradation.jpeg(30));
        double q90 = oneToOne(file, Degradation.jpeg(90));
        double clean = oneToOne(file, Degradation.NONE);
        assertThat(clean).isInfinite();
        assertThat(q90).isGreaterThan(q30);
        assertThat(q30).isBetween(25.0, 45.0);
    }

    private double oneToOne(Path file, Degradation degradation) {
        return Evaluation.builder().images(List.of(file)).scale(1).models(List.of("bicubic")).degradation(degradation)
                .store(store()).build().run(Evaluation.Listener.silent()).summary("bicubic").psnr();
    }

    @Test
    void savesSideBySideCropsAndReportsBothFormats() {
        Path file = hr("chelsea.png", 100, 50, 64, 64, "cat.png");
        Path crops = temp.resolve("crops");
        crops.toFile().mkdir();
        EvalReport report = Evaluation.builder().images(List.of(file)).scale(2).models(List.of("bicubic"))
                .saveCrops(crops).store(store()).build().run(Evaluation.Listener.silent());
        Picture strip = new ImageDecoder().decode(crops.resolve("cat_bicubic.png"));
        assertThat(strip.width()).isEqualTo(3 * 64);
        assertThat(strip.height()).isEqualTo(64);
        assertThat(report.toCsv()).startsWith("scale,degradation,image,model,psnr,ssim,seconds,pixels\n")
                .contains("2,none,cat.png,bicubic,").contains("2,none,MEAN,bicubic,");
        // The output's pixels close each row: the 64×64 HR crop, for costs per megapixel.
        assertThat(report.toCsv().lines().skip(1)).allMatch(line -> line.endsWith(",4096"));
        assertThat(report.summary("bicubic").secondsPerMpx())
                .isCloseTo(report.summary("bicubic").seconds() / 0.004096, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(report.toMarkdown()).contains("| bicubic |").contains("| cat.png | bicubic |");
    }

    @Test
    void refusesUnknownModelsAndEmptyDirectories() throws Exception {
        Path file = hr("chelsea.png", 0, 0, 32, 32, "a.png");
        assertThatThrownBy(() -> Evaluation.builder().images(List.of(file)).models(List.of("no-such-model"))
                .store(store()).build().run(Evaluation.Listener.silent())).isInstanceOf(ModelNotFoundException.class);
        Path empty = Files.createDirectory(temp.resolve("empty"));
        assertThatThrownBy(() -> Evaluation.imagesIn(empty)).hasMessageContaining("no images");
    }

    @Test
    void degradationSpellings() {
        assertThat(Degradation.parse("jpeg:30")).isEqualTo(Degradation.jpeg(30));
        assertThat(Degradation.parse("noise:7.5").toString()).isEqualTo("noise:7.5");
        assertThat(Degradation.parse("none")).isEqualTo(Degradation.NONE);
        assertThatThrownBy(() -> Degradation.parse("jpeg:0")).hasMessageContaining("1..100");
        assertThatThrownBy(() -> Degradation.parse("gif:3")).hasMessageContaining("jpeg:Q");
        assertThatThrownBy(() -> Degradation.parse("blur:x")).hasMessageContaining("not a number");
    }

    @Test
    void deblurBaselinesAtScaleOneBeatTheBlurredInput() {
        Path file = hr("astronaut.png", 150, 40, 96, 80, "face.png");
        EvalReport report = Evaluation.builder().images(List.of(file)).scale(1)
                .degradation(Degradation.parse("blur:defocus:3+jpeg:95"))
                .baselines(List.of(DeblurBaseline.parse("wiener"), DeblurBaseline.parse("richardson-lucy:10")))
                .store(store()).build().run(Evaluation.Listener.silent());
        assertThat(report.models()).containsExactly("input", "wiener(nsr=" + io.sr4j.deblur.WienerDeconvolution.DEFAULT_NSR
                + ")@true-kernel", "richardson-lucy(iterations=10)@true-kernel");
        double input = report.summary("input").psnr();
        assertThat(input).isBetween(20.0, 35.0);
        for (String baseline : report.models().subList(1, 3)) {
            assertThat(report.summary(baseline).psnr()).as(baseline).isGreaterThan(input + 1);
            assertThat(report.summary(baseline).ssim()).as(baseline).isGreaterThan(report.summary("input").ssim());
        }
        assertThat(report.toCsv()).contains("1,blur:defocus:3+jpeg:95,face.png,input,");
    }

    @Test
    void deblurBaselinesNeedABlurAndWorkAboveScaleOne() {
        Path file = hr("chelsea.png", 100, 50, 64, 64, "cat.png");
        assertThatThrownBy(() -> Evaluation.builder().images(List.of(file)).scale(1)
                .degradation(Degradation.jpeg(90)).baselines(List.of(DeblurBaseline.parse("wiener"))).build())
                .hasMessageContaining("needs a blur step");
        EvalReport x2 = Evaluation.builder().images(List.of(file)).scale(2).models(List.of("bicubic"))
                .degradation(Degradation.parse("blur:gauss:1.5")).baselines(List.of(DeblurBaseline.parse("wiener")))
                .store(store()).build().run(Evaluation.Listener.silent());
        // At x2 the input row is the blurred LR enlarged by bicubic: the bicubic model's own result.
        assertThat(x2.summary("input").psnr()).isEqualTo(x2.summary("bicubic").psnr());
        assertThat(x2.results()).hasSize(3);
    }
}
