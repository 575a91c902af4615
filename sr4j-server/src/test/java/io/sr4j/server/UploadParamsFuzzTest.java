package io.sr4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.WithUtf8Length;
import io.sr4j.io.ImageFormat;
import io.sr4j.model.ModelCatalog;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of what the upload endpoints make of a client's parameters: {@code
 * model}, {@code scale}, {@code denoise}, {@code format}, {@code quality} (query string or form
 * fields; null = absent) and the upload's file name.
 *
 * <p>Expected outcome: parameters inside their documented ranges, or an {@link ApiError} 400 with
 * a code and a message. The file name always becomes a safe one. Anything else (an exception the
 * server would answer with 500) is a finding. Regression inputs: {@code
 * UploadParamsFuzzTestInputs/parse/}.
 */
class UploadParamsFuzzTest {
    private static final ModelCatalog CATALOG = ModelCatalog.standard();

    @MethodSource("seeds")
    // The fuzz profile's bounded run (./run-tests, docs/RELIABILITY.md): 20 000 executions from
    // libFuzzer seed 1, cut at 75 s on a slower machine.
    @FuzzTest(maxDuration = "75s", maxExecutions = 20_000)
    void parse(@WithUtf8Length(max = 60) String model, @WithUtf8Length(max = 40) String scale,
               @WithUtf8Length(max = 20) String denoise, @WithUtf8Length(max = 20) String format,
               @WithUtf8Length(max = 20) String quality, @WithUtf8Length(max = 20) String jpegQuality,
               @WithUtf8Length(max = 300) String fileName) {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("model", model);
        values.put("scale", scale);
        values.put("denoise", denoise);
        values.put("format", format);
        values.put("quality", quality);
        values.put("jpeg_quality", jpegQuality);
        try {
            UpscaleParams p = UpscaleParams.parse(values::get, CATALOG, "realesrgan-x4fast");
            if (p.model() != null) {
                assertThat(CATALOG.find(p.model())).isPresent();
            }
            if (p.scale() != null) {
                assertThat(p.scale()).isGreaterThan(0).isLessThanOrEqualTo(UpscaleParams.MAX_SCALE);
            }
            if (p.denoise() != null) {
                assertThat(p.denoise()).isBetween(0, 3);
            }
            if (p.format() != null) { // an image format sr4j writes, or a video container (for video uploads)
                assertThat(ImageFormat.fromName(p.format()).filter(ImageFormat::isWritable).isPresent()
                        || VideoContainer.fromName(p.format()).isPresent()).as(p.format()).isTrue();
            }
            assertThat(p.jpegQuality()).isBetween(1, 100);
            assertThat(p.tier()).isNotNull();
            assertThat(p.spec().stages()).as("every accepted request runs something").isNotEmpty();
        } catch (ApiError expected) {
            assertThat(expected.status()).isEqualTo(400);
            assertThat(expected.getMessage()).isNotBlank();
        }
        assertThat(UploadReader.safeName(fileName)).matches("[A-Za-z0-9._-]{1,100}").isNotEqualTo("..");
    }

    static Stream<Arguments> seeds() {
        return Stream.of(
                Arguments.of("realesrgan-x4fast", "2.5", null, "webp", "fast", "80", "holiday photo.JPG"),
                Arguments.of(null, null, "2", null, null, null, "../../etc/passwd"),
                Arguments.of(null, "3", null, null, "best", null, "x.png"),
                Arguments.of("lanczos3", "16", "none", "PNG", null, "100", "C:\\\\Users\\\\a\\\\b.png"),
                Arguments.of("waifu2x-cunet-noise1", "1e309", "-1", "gif", "80", "0", ""));
    }
}
