package io.sr4j.pipeline;

import io.sr4j.io.ImageFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What restoring one image did.
 *
 * @param steps   the stages that ran, in order
 * @param scale   the overall factor, as written ({@code 4}, {@code 2.5})
 * @param tiles   tiles of the last network stage (0 for a classical filter)
 * @param format  the format written
 * @param seconds wall time from decode to the last byte written
 * @param hdr     the HDR signal the picture was written as, or null for SDR
 */
public record RestoreResult(int inputWidth, int inputHeight, int outputWidth, int outputHeight,
                            List<PlannedStep> steps, String scale, int tiles, ImageFormat format,
                            double seconds, HdrTarget hdr) {
    public RestoreResult {
        steps = List.copyOf(steps);
    }

    /** The models in order, e.g. {@code waifu2x-cunet-noise1 then sr4j-fast-x4}. */
    public String modelNames() {
        return steps.stream().map(PlannedStep::name).collect(Collectors.joining(" then "));
    }

    /** The stages as a spec that names every model ({@link PlannedStep#toSpec()}), with the {@code hdr} stage last. */
    public String spec() {
        String stages = steps.stream().map(PlannedStep::toSpec).collect(Collectors.joining(","));
        return hdr == null ? stages : stages + "," + hdr;
    }
}
