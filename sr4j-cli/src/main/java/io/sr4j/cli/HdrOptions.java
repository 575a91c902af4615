package io.sr4j.cli;

import io.sr4j.color.HdrFormat;
import io.sr4j.pipeline.HdrTarget;
import io.sr4j.pipeline.PipelineSpec;
import java.util.function.Function;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --hdr}, {@code --hdr-peak}, {@code --hdr-white}: the closing hdr stage, for images and video alike. */
final class HdrOptions {
    @Option(names = "--hdr", paramLabel = "hdr10|hlg", description = {"Write HDR: BT.2020 with the PQ (hdr10) or "
            + "HLG transfer (images: 16-bit PNG with cICP; video: 10-bit HEVC); SDR 100 %% white lands on "
            + "--hdr-white, highlights above it expand up to --hdr-peak (docs/HDR.md). The same as ending the "
            + "pipeline with hdr=…."})
    String hdr;

    @Option(names = "--hdr-peak", paramLabel = "NITS", description = "With --hdr: the brightest light written, "
            + "cd/m² (HLG: the display's peak). Default: ${DEFAULT-VALUE}.")
    double peak = HdrTarget.DEFAULT_PEAK;

    @Option(names = "--hdr-white", paramLabel = "NITS", description = "With --hdr: where SDR 100 %% white lands, "
            + "cd/m² (BT.2408's reference white). Default: ${DEFAULT-VALUE}.")
    double white = HdrTarget.DEFAULT_WHITE;

    /** {@code pipeline} closed by the asked hdr stage; bad values are usage errors made by {@code usage}. */
    PipelineSpec closing(PipelineSpec pipeline, Function<String, ParameterException> usage) {
        if (hdr == null) {
            if (peak != HdrTarget.DEFAULT_PEAK || white != HdrTarget.DEFAULT_WHITE) {
                throw usage.apply("--hdr-peak and --hdr-white go with --hdr hdr10|hlg");
            }
            return pipeline;
        }
        HdrTarget target;
        try {
            target = new HdrTarget(HdrFormat.parse(hdr), peak, white);
        } catch (IllegalArgumentException e) {
            throw usage.apply("--hdr " + hdr + ": " + e.getMessage());
        }
        return pipeline.withHdr(target);
    }
}
