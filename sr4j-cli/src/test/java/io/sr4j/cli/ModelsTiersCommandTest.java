package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.model.QualityTier;
import io.sr4j.model.TierEntry;
import io.sr4j.model.TierTable;
import io.sr4j.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sr4j models tiers}, {@code --quality} and the step from eval reports to a tier table. */
class ModelsTiersCommandTest {
    @TempDir
    Path temp;

    @Test
    void printsTheShippedTableWithItsFigures() {
        CliRunner.Result r = CliRunner.run("models", "tiers", "--candidates");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("default balanced").contains("PIPELINE").contains("Candidates:");
        for (TierEntry e : TierTable.standard().tiers()) {
            assertThat(r.out()).contains(e.pipeline());
        }
    }

    @Test
    void buildsATableFromAnEvalReportByTheRule() throws IOException {
        Path hr = Files.createDirectory(temp.resolve("hr"));
        TestImages.writeCrop(TestData.skimage("astronaut.png"), 150, 60, 48, 48, hr.resolve("face.png"));
        Path csv = temp.resolve("x2.csv");
        CliRunner.Result eval = CliRunner.run("eval", "--hr", hr.toString(), "--scale", "2", "-p", "sr=2:bicubic",
                "-p", "sr=2:sr4j-fast-x2", "-p", "sr=2:bicubic,sr=1:sr4j-fast-x2", "--out", csv.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(Files.readString(csv)).contains("\"sr=2:bicubic,sr=1:sr4j-fast-x2\"");
        Path json = temp.resolve("tiers.json");
        CliRunner.Result r = CliRunner.run("models", "tiers", "--from", "photo=" + csv, "--write", json.toString(),
                "--measured-with", "a test");
        assertThat(r.exitCode()).as(r.err()).isZero();
        TierTable table;
        try (InputStream in = Files.newInputStream(json)) {
            table = TierTable.read(in, json.toString());
        }
        assertThat(table.measuredWith()).isEqualTo("a test");
        assertThat(table.candidates()).hasSize(3);
        assertThat(table.candidates().get(0).classical()).isTrue();
        assertThat(table.candidates().get(1).secondsPerMpx()).isPositive();
        // The network is a tier, the classical filter only the baseline its gain is counted from.
        assertThat(table.tiers()).extracting(TierEntry::pipeline).doesNotContain("sr=2:bicubic");
        double gain = table.candidates().get(1).psnr() - table.candidates().get(0).psnr();
        TierEntry fast = table.choose(QualityTier.FAST, io.sr4j.model.Domain.PHOTO, 2).orElseThrow();
        assertThat(fast.gainDb()).isCloseTo(fast.psnr() - table.candidates().get(0).psnr(),
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(gain).isPositive();
    }

    @Test
    void badReportsAndBadTiersAreUsageErrors() throws IOException {
        Path bad = Files.writeString(temp.resolve("bad.csv"), "a,b\n1,2\n");
        CliRunner.Result r = CliRunner.run("models", "tiers", "--from", "photo=" + bad);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv");
        assertThat(CliRunner.run("models", "tiers", "--from", "painting=" + bad).err()).contains("photo and anime");
        Path in = temp.resolve("in.png");
        TestImages.writeCrop(TestData.skimage("astronaut.png"), 150, 60, 16, 16, in);
        CliRunner.Result number = CliRunner.run("upscale", in.toString(), "-o", temp.resolve("o.jpg").toString(),
                "--quality", "90");
        assertThat(number.exitCode()).isEqualTo(2);
        assertThat(number.err()).contains("--jpeg-quality 90");
        CliRunner.Result word = CliRunner.run("upscale", in.toString(), "-o", temp.resolve("o.png").toString(),
                "--quality", "ultra");
        assertThat(word.exitCode()).isEqualTo(2);
        assertThat(word.err()).contains("fast, balanced, best");
        assertThat(temp.resolve("o.jpg")).doesNotExist();
        assertThat(temp.resolve("o.png")).doesNotExist();
    }

    @Test
    void theFastTierEnlargesWithItsNetwork() throws IOException {
        Path in = temp.resolve("in.png");
        TestImages.writeCrop(TestData.skimage("astronaut.png"), 150, 60, 24, 20, in);
        Path out = temp.resolve("out.png");
        CliRunner.Result r = CliRunner.run("upscale", in.toString(), "-o", out.toString(), "--scale", "2",
                "--quality", "fast");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String fast = TierTable.standard().choose(QualityTier.FAST, io.sr4j.model.Domain.PHOTO, 2).orElseThrow()
                .pipeline();
        assertThat(r.err()).contains(fast.substring(fast.lastIndexOf(':') + 1));
    }
}
