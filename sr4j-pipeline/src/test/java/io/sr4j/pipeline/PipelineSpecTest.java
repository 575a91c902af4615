package io.sr4j.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PipelineSpecTest {
    @Test
    void readsStagesWithTheirValues() {
        PipelineSpec spec = PipelineSpec.parse(" denoise=2 , sr=4:realesrgan-x4fast");
        assertThat(spec.auto()).isFalse();
        assertThat(spec.stages()).containsExactly(StageSpec.denoise(2),
                StageSpec.sr(SizeRequest.of(4), "realesrgan-x4fast"));
        assertThat(spec.enlarges()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "denoise|denoise=1",
        "DENOISE=0|denoise=0",
        "denoise=waifu2x-cunet-noise3|denoise=waifu2x-cunet-noise3",
        "sr|sr",
        "sr=2.5|sr=2.5",
        "sr=4.0|sr=4",
        "sr=w1920|sr=w1920",
        "sr=h1080:bicubic|sr=h1080:bicubic",
        "sr=W1920H1080|sr=w1920h1080",
        "sr=waifu2x-cunet-x2|sr=waifu2x-cunet-x2",
        "sr=my-model.onnx|sr=my-model.onnx",
        "denoise=1,sr=2:waifu2x-cunet-x2,sr=2:waifu2x-cunet-x2|denoise=1,sr=2:waifu2x-cunet-x2,sr=2:waifu2x-cunet-x2",
        "auto|auto",
        "auto=3|auto=3",
        "auto=w1920|auto=w1920",
        "sr=4,hdr=hdr10|sr=4,hdr=hdr10",
        "sr=2,HDR=PQ:1000:203|sr=2,hdr=hdr10",
        "sr=2,hdr=hlg:4000|sr=2,hdr=hlg:4000:203",
        "sr=2,hdr=hdr10:600.5:100|sr=2,hdr=hdr10:600.5:100",
        "auto,hdr=hlg|auto,hdr=hlg"})
    void writesItselfBackCanonically(String text, String canonical) {
        PipelineSpec spec = PipelineSpec.parse(text);
        assertThat(spec.toString()).isEqualTo(canonical);
        assertThat(PipelineSpec.parse(spec.toString())).isEqualTo(spec);
    }

    @Test
    void hdrClosesThePipelineWithItsPeakAndWhite() {
        PipelineSpec spec = PipelineSpec.parse("denoise=1,sr=2,hdr=hlg:1000:150");
        assertThat(spec.stages()).hasSize(2);
        assertThat(spec.hdr()).isEqualTo(new HdrTarget(io.sr4j.color.HdrFormat.HLG, 1000, 150));
        assertThat(PipelineSpec.parse("sr=2").withHdr(spec.hdr()).toString()).isEqualTo("sr=2,hdr=hlg:1000:150");
        assertThatThrownBy(() -> spec.withHdr(spec.hdr())).hasMessageContaining("already ends in hdr=hlg");
    }

    @Test
    void enhanceGradesTheFinishedPictureBeforeHdr() {
        PipelineSpec spec = PipelineSpec.parse("sr=2,enhance=auto,hdr=hdr10");
        assertThat(spec.enhances()).isTrue();
        assertThat(spec.toString()).isEqualTo("sr=2,enhance,hdr=hdr10");
        assertThat(spec.withoutEnhance().orElseThrow().toString()).isEqualTo("sr=2,hdr=hdr10");
        assertThat(PipelineSpec.parse("enhance").withoutEnhance()).isEmpty();
        assertThat(PipelineSpec.parse("sr=2").withoutEnhance()).contains(PipelineSpec.parse("sr=2"));
    }

    @Test
    void autoTakesTheSizeAskedOfIt() {
        PipelineSpec spec = PipelineSpec.parse("auto=2");
        assertThat(spec.auto()).isTrue();
        assertThat(spec.stages()).isEmpty();
        assertThat(spec.autoSize()).isEqualTo(SizeRequest.of(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "blur|blur|unknown stage 'blur'",
        "denoise=1,sharpen|sharpen|unknown stage 'sharpen'",
        "sr=4,deblur|deblur|deblur must come before sr",
        "deblur,deblur|deblur|deblur is given twice",
        "deblur=strong,sr=2|deblur=strong|deblur takes no value",
        "enhance,sr=2|sr=2|enhance grades the finished picture",
        "enhance,enhance|enhance|enhance is given twice",
        "enhance=strong|enhance=strong|enhance takes no value but auto",
        "hdr=hdr10|hdr=hdr10|give one before it",
        "hdr=hdr10,sr=2|sr=2|it comes last",
        "sr=2,hdr|hdr|name the HDR format",
        "sr=2,hdr=sdr|hdr=sdr|sr4j writes hdr10 or hlg",
        "sr=2,hdr=hdr10:bright|hdr=hdr10:bright|a luminance in cd/m²",
        "sr=2,hdr=hdr10:100:203|hdr=hdr10:100:203|white ≤ peak",
        "auto,hdr=hdr10,sr=2|auto|give it alone",
        "denoise=7|denoise=7|level is 0 (light) .. 3 (heavy)",
        "denoise=-1|denoise=-1|level is 0 (light) .. 3 (heavy)",
        "sr=0|sr=0|scale must be > 0",
        "sr=1000|sr=1000|scale must be > 0 and <= 64",
        "sr=w0|sr=w0|must be >= 1",
        "sr=x:bicubic|sr=x:bicubic|'x' is not a scale",
        "sr=4:|sr=4:|no model after ':'",
        "sr=|sr=|nothing after '='",
        "sr=2,denoise=1|denoise=1|denoise must come before sr",
        "denoise=1,denoise=2|denoise=2|denoise is given twice",
        "auto,sr=2|auto|give it alone",
        "auto=big|auto=big|'big' is not a scale"})
    void refusesWhatCannotRunNamingTheToken(String text, String token, String problem) {
        assertThatThrownBy(() -> PipelineSpec.parse(text)).isInstanceOf(PipelineSpecException.class)
                .hasMessageContaining("'" + token + "'").hasMessageContaining(problem)
                .hasMessageContaining("denoise[=0..3|MODEL]").hasMessageContaining("sr[=")
                .satisfies(e -> assertThat(((PipelineSpecException) e).token()).isEqualTo(token));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ",", "sr,", ",sr", "sr,,denoise"})
    void refusesEmptyStages(String text) {
        assertThatThrownBy(() -> PipelineSpec.parse(text)).isInstanceOf(PipelineSpecException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void refusesMoreStagesThanARestorationNeeds() {
        String nine = String.join(",", java.util.Collections.nCopies(9, "sr=1"));
        assertThatThrownBy(() -> PipelineSpec.parse(nine)).hasMessageContaining("more than 8 stages");
    }

    @Test
    void stagesBuiltInCodeAreCheckedAsParsedOnesAre() {
        assertThatThrownBy(() -> PipelineSpec.of(List.of(StageSpec.sr(SizeRequest.none(), null),
                StageSpec.denoise(1)))).isInstanceOf(PipelineSpecException.class)
                .hasMessageContaining("denoise must come before sr");
    }

    @Test
    void aPlannedStepNamesItsModelSoThatTheNoteRunsAgain() {
        assertThat(PipelineSpec.parse("denoise=waifu2x-cunet-noise1,sr=2:sr4j-fast-x2").toString())
                .isEqualTo("denoise=waifu2x-cunet-noise1,sr=2:sr4j-fast-x2");
    }
}
