package io.sr4j.engine.reference;

import io.sr4j.image.PlanarImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The checked result of a {@link ReferenceCommand}.
 *
 * @param output the PNG written
 * @param image {@code output} decoded: three planes of level/255
 * @param command the program's command line
 * @param log what the program printed (stdout and stderr together)
 * @param elapsed wall time of the program run(s)
 * @param repairedSamples samples changed to 0 because the negative probe found them negative
 *     ({@link ReferenceCommand#runRepairingWrappedNegatives}); 0 for a plain run
 */
public record ReferenceRun(Path output, PlanarImage image, List<String> command, String log, Duration elapsed,
        long repairedSamples) {
    public ReferenceRun {
        command = List.copyOf(command);
    }
}
