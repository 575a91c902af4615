package io.sr4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.model.ModelStore;
import io.sr4j.testing.TestPhotos;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline runner on classical stages (no download): float between stages, one output path. */
class ImageRestorerTest {
    @TempDir
    Path tmp;
    private ModelResolver resolver;
    private LoadedModels models;

    @BeforeEach
    void models() {
        ModelStore store = ModelStore.builder().root(tmp.resolve("store")).build();
        resolver = new ModelResolver(store, true);
        models = LoadedModels.fromBuilders(() -> Upscaler.builder().store(store).threads(2));
    }

    @AfterEach
    void close() {
        models.close();
    }

    private ImageRestorer restorer(String spec, ImageEncoder encoder) {
        return new ImageRestorer(PipelineSpec.parse(spec), resolver, models,
                RestoreOptions.builder().encoder(encoder).metadata(RestoreOptions.Metadata.STRIP).build());
    }

    private Path photo() throws Exception {
        Path in = tmp.resolve("grass.png");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("grass.png", 40, 40, 72, 56)), in);
        return in;
    }

    @Test
    void nothingIsRoundedToEightBitsBetweenStages() throws Exception {
        Path in = photo();
        Path out = tmp.resolve("out.png");
        ImageEncoder sixteen = ImageEncoder.builder().bitDepth(ImageEncoder.BitDepth.SIXTEEN).build();
        RestoreResult r = restorer("sr=2:bicubic,sr=0.5:bicubic", sixteen).restore(in, out, RestoreProgress.none());
        assertThat(r.outputWidth()).isEqualTo(72);
        assertThat(r.scale()).isEqualTo("1");
        PlanarImage piped = new ImageDecoder().decode(out).rgb();

        Picture source = new ImageDecoder().decode(in);
        Upscaler bicubic = models.get(resolver.resolve("bicubic"));
        Picture up = bicubic.upscale(source, 2, TileProgress.none());
        PlanarImage floatRoute = bicubic.upscale(up, 0.5, TileProgress.none()).rgb();
        PlanarImage eightBitRoute = bicubic.upscale(quantised(up, 255), 0.5, TileProgress.none()).rgb();

        assertThat(maxDifference(piped, floatRoute)).isLessThanOrEqualTo(1.01f / 65535);
        // What two commands with an 8-bit file between them would give is measurably off.
        assertThat(maxDifference(piped, eightBitRoute)).isGreaterThan(20f / 65535);
    }

    @Test
    void enhanceAloneGradesThePictureInFloatAtItsSize() throws Exception {
        Path in = tmp.resolve("dark.png");
        PlanarImage good = TestPhotos.crop("astronaut.png", 100, 0, 160, 120);
        PlanarImage dark = io.sr4j.quality.Degradations.quantize(io.sr4j.enhance.ToneCurves.of(
                io.sr4j.enhance.EnhanceParameters.exposure(0.3)).apply(good));
        ImageEncoder.defaults().write(Picture.of(dark), in);
        Path out = tmp.resolve("fixed.png");
        ImageEncoder sixteen = ImageEncoder.builder().bitDepth(ImageEncoder.BitDepth.SIXTEEN).build();
        RestoreResult r = restorer("enhance", sixteen).restore(in, out, RestoreProgress.none());
        assertThat(r.outputWidth()).isEqualTo(160);
        assertThat(r.modelNames()).isEqualTo("enhance");
        assertThat(r.spec()).isEqualTo("enhance");
        PlanarImage piped = new ImageDecoder().decode(out).rgb();
        PlanarImage expected = io.sr4j.enhance.Enhancer.classical().enhance(new ImageDecoder().decode(in).rgb());
        assertThat(maxDifference(piped, expected)).isLessThanOrEqualTo(1.01f / 65535);
        // After a network stage the grade is applied to that stage's output bands.
        RestoreResult both = restorer("sr=2:bicubic,enhance", ImageEncoder.defaults())
                .restore(in, tmp.resolve("big.png"), RestoreProgress.none());
        assertThat(both.outputWidth()).isEqualTo(320);
        assertThat(both.modelNames()).isEqualTo("bicubic then enhance");
        assertThatThrownBy(() -> restorer("sr=2:bicubic,enhance", ImageEncoder.defaults()).frames(40, 30))
                .hasMessageContaining("--enhance auto");
    }

    @Test
    void aStreamGetsTheBytesAFileGets() throws Exception {
        Path in = photo();
        Path out = tmp.resolve("out.png");
        ImageRestorer restorer = restorer("sr=2:bicubic", ImageEncoder.defaults());
        restorer.restore(in, out, RestoreProgress.none());
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        RestoreResult r = restorer.restore(ImageSource.bytes(Files.readAllBytes(in), "upload.png"),
                OutputTarget.stream(stream), RestoreProgress.none());
        assertThat(r.format()).isEqualTo(ImageFormat.PNG);
        assertThat(stream.toByteArray()).isEqualTo(Files.readAllBytes(out));
    }

    @Test
    void progressCoversEveryStageInOrder() throws Exception {
        Path in = photo();
        List<String> seen = new ArrayList<>();
        RestoreResult r = restorer("sr=2:lanczos,sr=1.5:bicubic", ImageEncoder.defaults())
                .restore(in, tmp.resolve("out.png"), (stage, stages, done, total) -> seen.add(stage + "/" + stages));
        assertThat(r.outputWidth()).isEqualTo(216);
        assertThat(r.scale()).isEqualTo("3");
        assertThat(r.modelNames()).isEqualTo("lanczos then bicubic");
        assertThat(r.spec()).isEqualTo("sr=2:lanczos,sr=1.5:bicubic");
        assertThat(seen).isNotEmpty().isSortedAccordingTo(String::compareTo).last().isEqualTo("1/2");
    }

    @Test
    void estimatesTheLargestImageAnyStageMakes() {
        SizeEstimate e = restorer("sr=4:bicubic,sr=0.5:bicubic", ImageEncoder.defaults()).estimate(100, 50);
        assertThat(e.width()).isEqualTo(200);
        assertThat(e.height()).isEqualTo(100);
        assertThat(e.largestPixels()).isEqualTo(400.0 * 200);
    }

    @Test
    void videoFramesRunEveryStageAtTheFramesSize() {
        FrameStages frames = restorer("sr=2:bicubic,sr=1.5:bilinear", ImageEncoder.defaults()).frames(40, 30);
        assertThat(frames.width()).isEqualTo(120);
        assertThat(frames.factor()).isEqualTo(3.0);
        PlanarImage out = frames.apply(TestPhotos.crop("grass.png", 0, 0, 40, 30));
        assertThat(out.width()).isEqualTo(120);
        assertThat(out.height()).isEqualTo(90);
        assertThatThrownBy(() -> restorer("auto", ImageEncoder.defaults()).frames(40, 30))
                .isInstanceOf(PipelineSpecException.class).hasMessageContaining("for video name the stages");
    }

    @Test
    void videoRefusesADiffusionModelBeforeLoadingIt() {
        // Refused before any load, so the test needs no graph in the jar.
        assertThatThrownBy(() -> restorer("sr=sr4j-diffusion-x4", ImageEncoder.defaults()).frames(40, 30))
                .isInstanceOf(PipelineSpecException.class).hasMessageContaining("not for video");
        assertThat(models.loadedKeys()).isEmpty();
    }

    @Test
    void anUnknownModelFailsBeforeAnyImageIsRead() {
        assertThatThrownBy(() -> restorer("denoise=1,sr=2:no-such-net", ImageEncoder.defaults()))
                .isInstanceOf(io.sr4j.model.ModelNotFoundException.class).hasMessageContaining("no-such-net");
    }

    @Test
    void networksStreamedAsOneChainGiveTheStagesOneByOne() throws Exception {
        Path in = photo();
        Path out = tmp.resolve("chained.png");
        ImageEncoder sixteen = ImageEncoder.builder().bitDepth(ImageEncoder.BitDepth.SIXTEEN).build();
        ImageRestorer restorer = restorer("sr=2:sr4j-fast-x2,sr=1.5:sr4j-fast-x2", sixteen);
        RestoreResult r = restorer.restore(in, out, RestoreProgress.none());
        assertThat(r.outputWidth()).isEqualTo(216);
        assertThat(r.scale()).isEqualTo("3");
        PlanarImage chained = new ImageDecoder().decode(out).rgb();
        // The video path runs the same stages one by one on whole images in memory.
        PlanarImage staged = restorer.frames(72, 56).apply(new ImageDecoder().decode(in).rgb());
        assertThat(maxDifference(chained, staged)).isLessThanOrEqualTo(0.51f / 65535);
    }

    @Test
    void aClassicalFilterMapsCoordinatesByTheFactorAskedAsTheLibraryDoes() throws Exception {
        // 37 rows x 1.5 = 55.5: the output has 56 rows, but the filter maps by 1.5 (MATLAB imresize), not 56/37.
        Path in = tmp.resolve("odd.png");
        ImageEncoder.defaults().write(Picture.of(TestPhotos.crop("coffee.png", 10, 10, 45, 37)), in);
        Path out = tmp.resolve("out.png");
        ImageEncoder sixteen = ImageEncoder.builder().bitDepth(ImageEncoder.BitDepth.SIXTEEN).build();
        restorer("sr=1.5:bicubic", sixteen).restore(in, out, RestoreProgress.none());
        PlanarImage piped = new ImageDecoder().decode(out).rgb();
        PlanarImage library = models.get(resolver.resolve("bicubic"))
                .upscale(new ImageDecoder().decode(in), 1.5, TileProgress.none()).rgb();
        assertThat(piped.height()).isEqualTo(56);
        assertThat(maxDifference(piped, library)).isLessThanOrEqualTo(0.51f / 65535);
    }

    @Test
    void hdrTurnsTheLastStagesFloatOutputIntoA16BitPqPngThatInvertsToTheSdrResult() throws Exception {
        Path in = photo();
        Path out = tmp.resolve("hdr.png");
        RestoreResult r = restorer("sr=2:bicubic,hdr=hdr10", ImageEncoder.defaults()).restore(in, out,
                RestoreProgress.none());
        assertThat(r.outputWidth()).isEqualTo(144);
        Picture written = new ImageDecoder().decode(out);
        assertThat(written.source().cicp()).contains(new io.sr4j.image.Cicp(9, 16, 0, true));
        assertThat(written.source().bitDepth()).isEqualTo(16);

        Upscaler bicubic = models.get(resolver.resolve("bicubic"));
        PlanarImage sdr = bicubic.upscale(new ImageDecoder().decode(in), 2, TileProgress.none()).rgb();
        io.sr4j.color.HdrConversion conversion = PipelineSpec.parse("sr=2,hdr=hdr10").hdr()
                .conversion(io.sr4j.color.SdrTransfer.SRGB);
        // The float route: the network's (here bicubic's) unrounded output converted, then 16 bits.
        assertThat(maxDifference(written.rgb(), conversion.toHdr(sdr))).isLessThanOrEqualTo(0.51f / 65535);
        // Inverting the conversion gives the SDR result back.
        assertThat(maxDifference(conversion.toSdr(written.rgb()).clampInPlace(0, 1), sdr)).isLessThan(2e-4f);
    }

    @Test
    void hdrOutputIsRefusedForAFormatThatCannotCarryItAndForAnInputAlreadyHdr() throws Exception {
        Path in = photo();
        assertThatThrownBy(() -> restorer("sr=2:bicubic,hdr=hlg", ImageEncoder.defaults())
                .restore(in, tmp.resolve("out.jpg"), RestoreProgress.none()))
                .hasMessageContaining("16-bit PNG with a cICP chunk").hasMessageContaining("JPEG");
        assertThat(tmp.resolve("out.jpg")).doesNotExist();

        Path hdrIn = tmp.resolve("pq.png");
        restorer("sr=2:bicubic,hdr=hdr10", ImageEncoder.defaults()).restore(in, hdrIn, RestoreProgress.none());
        assertThatThrownBy(() -> restorer("sr=2:bicubic,hdr=hdr10", ImageEncoder.defaults())
                .restore(hdrIn, tmp.resolve("again.png"), RestoreProgress.none()))
                .hasMessageContaining("is already HDR (BT.2020 / PQ");
        assertThat(tmp.resolve("again.png")).doesNotExist();
    }

    private static Picture quantised(Picture picture, int levels) {
        PlanarImage rgb = picture.rgb();
        PlanarImage q = new PlanarImage(rgb.width(), rgb.height(), 3);
        for (int i = 0; i < rgb.data().length; i++) {
            float v = Math.max(0f, Math.min(1f, rgb.data()[i]));
            q.data()[i] = Math.round(v * levels) / (float) levels;
        }
        return picture.withPixels(q, null);
    }

    private static float maxDifference(PlanarImage a, PlanarImage b) {
        assertThat(a.width()).isEqualTo(b.width());
        float max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - Math.max(0f, Math.min(1f, b.data()[i]))));
        }
        return max;
    }
}
