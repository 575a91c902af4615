package io.sr4j.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sr4j.image.PlanarImage;
import io.sr4j.testing.TestData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement with scikit-image on real photos: expected values and degraded PNGs come from
 * {@code tools/fixtures/make_metric_fixtures.py}, which runs skimage's own PSNR and SSIM.
 */
class QualityMetricsFixtureTest {
    private static final double PSNR_TOLERANCE_DB = 0.01;
    private static final double SSIM_TOLERANCE = 0.0005;

    /**
     * MSSIM of camera vs the noisy camera of skimage's test suite, computed by IPOL's imdiff
     * (an independent C implementation) and published in skimage's
     * {@code metrics/tests/test_structural_similarity.py}.
     */
    private static final double IPOL_MSSIM = 0.357959091663361;

    record Case(String name, String source, String sha256, int x, int y, int width, int height, String png,
            MetricOptions options, double psnr, double ssim) {
        @Override
        public String toString() {
            return name + " " + options.channel() + (options.roundY() ? " rounded" : "") + " shave " + options.shave();
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                QualityMetricsFixtureTest.class.getResourceAsStream("/fixtures/metrics/expected.csv"),
                "fixtures/metrics/expected.csv"), StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split(",");
                MetricOptions options = new MetricOptions(MetricOptions.Channel.valueOf(f[8]),
                        Integer.parseInt(f[9]), Boolean.parseBoolean(f[10]));
                cases.add(new Case(f[0], f[1], f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]), Integer.parseInt(f[6]), f[7], options,
                        Double.parseDouble(f[11]), Double.parseDouble(f[12])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static PlanarImage reference(Case c) throws IOException {
        Path photo = TestData.skimage(c.source());
        assertThat(sha256(photo)).as("%s is not the photo the fixtures were made from;"
                + " rerun tools/fixtures/make_metric_fixtures.py", photo).isEqualTo(c.sha256());
        return Fixtures.read(photo).crop(c.x(), c.y(), c.width(), c.height());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithScikitImage(Case c) throws IOException {
        PlanarImage reference = reference(c);
        PlanarImage degraded = Fixtures.resource(c.png());

        Metrics m = QualityMetrics.measure(reference, degraded, c.options());

        assertThat(m.psnr()).as("PSNR").isCloseTo(c.psnr(), within(PSNR_TOLERANCE_DB));
        assertThat(m.ssim()).as("SSIM").isCloseTo(c.ssim(), within(SSIM_TOLERANCE));
        // The single-metric entry points give the same numbers as measure().
        assertThat(QualityMetrics.psnr(reference, degraded, c.options())).isEqualTo(m.psnr());
        assertThat(QualityMetrics.ssim(reference, degraded, c.options())).isEqualTo(m.ssim());
    }

    @Test
    void fixturesCoverEveryMode() {
        List<Case> cases = cases();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(15);
        assertThat(cases).anyMatch(c -> c.options().roundY());
        assertThat(cases).anyMatch(c -> c.options().channel() == MetricOptions.Channel.RGB);
        assertThat(cases).anyMatch(c -> c.options().shave() == 0);
        assertThat(cases).anyMatch(c -> c.options().shave() == 4);
    }

    @Test
    void ssimAgreesWithThePublishedIpolValue() {
        PlanarImage camera = Fixtures.read(TestData.skimage("camera.png"));
        PlanarImage noisy = Fixtures.resource("camera_noisy_ipol.png");
        double ssim = QualityMetrics.ssim(camera, noisy, MetricOptions.defaults());
        assertThat(ssim).isCloseTo(IPOL_MSSIM, within(SSIM_TOLERANCE));
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
