package io.sr4j.assess;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.engine.OrtEngine;
import io.sr4j.image.PlanarImage;
import io.sr4j.metrics.MetricOptions;
import io.sr4j.metrics.QualityMetrics;
import io.sr4j.model.FetchListener;
import io.sr4j.model.ModelStore;
import io.sr4j.quality.Degradations;
import io.sr4j.quality.ImageAssessment;
import io.sr4j.quality.QualityAssessor;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.testing.LabelledImages;
import io.sr4j.testing.TestData;
import io.sr4j.upscale.ModelChooser;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The assessed pipeline against the fixed default on a mixed set: real photos and drawings
 * (HR 192 px crops), reduced ×4 by bicubic, then clean, JPEG q30 or noisy (σ 12); each LR image is
 * assessed, the advisor's pipeline run on it, and PSNR on Y (shave 4) compared with the default
 * model (what {@code upscale} runs when no model is named: the built-in ×4 network) and, for
 * reference, realesrgan-x4fast, both run directly. Writes the table to {@code target/auto-pipeline.md}.
 */
class AutoPipelineTest {
    private static final OrtEngine ENGINE = new OrtEngine();
    private static final Map<String, Upscaler> UPSCALERS = new HashMap<>();
    private static final int SCALE = 4;

    @AfterAll
    static void close() {
        UPSCALERS.values().forEach(Upscaler::close);
        ENGINE.close();
    }

    private static Upscaler upscaler(String id) {
        return UPSCALERS.computeIfAbsent(id, k -> Upscaler.builder().model(k).store(store()).engine(ENGINE).threads(2)
                .fetchListener(FetchListener.silent()).build());
    }

    private static ModelStore store() {
        return ModelStore.builder().root(ModelStore.defaultRoot()).build();
    }

    @Test
    void assessedPipelineBeatsTheFixedDefaultOnMeanPsnr() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String p : List.of("astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png")) {
            sources.add(TestData.skimage(p));
        }
        for (String p : List.of("story1.png", "story3.png", "menu-layer1.png", "sortie-entrance.png")) {
            sources.add(TestData.pingus(p));
        }
        PipelineAdvisor advisor = new PipelineAdvisor(store().catalog());
        String defaultModel = new ModelChooser(store().catalog()).chooseBuiltIn(SCALE);
        Resampler bicubic = Resampler.of(ResampleFilter.BICUBIC);
        MetricOptions metric = MetricOptions.forScale(SCALE);
        StringBuilder report = new StringBuilder("| image | input | auto pipeline | auto PSNR | " + defaultModel
                + " PSNR | x4fast PSNR |\n|---|---|---|---|---|---|\n");
        double autoSum = 0;
        double fixedSum = 0;
        double x4fastSum = 0;
        int n = 0;
        for (int k = 0; k < sources.size(); k++) {
            PlanarImage hr = LabelledImages.load(sources.get(k), 192);
            hr = hr.crop(0, 0, hr.width() - hr.width() % SCALE, hr.height() - hr.height() % SCALE);
            PlanarImage clean = Degradations.quantize(bicubic.resize(hr, hr.width() / SCALE, hr.height() / SCALE));
            Map<String, PlanarImage> inputs = Map.of("clean", clean, "jpeg q30", Degradations.jpeg(clean, 30),
                    "noise 12", Degradations.gaussianNoise(clean, 12, k));
            for (var input : inputs.entrySet()) {
                ImageAssessment a = QualityAssessor.assess(input.getValue());
                Pipeline pipeline = advisor.advise(a, SCALE);
                PlanarImage out = input.getValue();
                for (Pipeline.Step step : pipeline.steps()) {
                    out = Degradations.quantize(upscaler(step.model()).upscale(out, step.scale(), TileProgress.none()));
                }
                double auto = QualityMetrics.psnr(hr, out, metric);
                double def = QualityMetrics.psnr(hr, direct(defaultModel, input.getValue()), metric);
                double x4fast = QualityMetrics.psnr(hr, direct("realesrgan-x4fast", input.getValue()), metric);
                autoSum += auto;
                fixedSum += def;
                x4fastSum += x4fast;
                n++;
                report.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f | %.2f |%n",
                        sources.get(k).getFileName(), input.getKey(), pipeline.describe(), auto, def, x4fast));
            }
        }
        report.append(String.format(Locale.ROOT, "| **mean** | %d inputs | | **%.2f** | **%.2f** | **%.2f** |%n", n,
                autoSum / n, fixedSum / n, x4fastSum / n));
        Path out = Path.of("target", "auto-pipeline.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
        assertThat(autoSum / n).as(report.toString()).isGreaterThan(fixedSum / n);
    }

    private static PlanarImage direct(String model, PlanarImage input) {
        return Degradations.quantize(upscaler(model).upscale(input, SCALE, TileProgress.none()));
    }
}
