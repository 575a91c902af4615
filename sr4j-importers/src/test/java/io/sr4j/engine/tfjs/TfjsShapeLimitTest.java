package io.sr4j.engine.tfjs;

import static io.sr4j.engine.tfjs.KerasModelBuilder.conv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.engine.ncnn.ModelImportException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A TF.js weight declaring an absurd shape is refused before anything is read or allocated, the limit named. */
class TfjsShapeLimitTest {
    @Test
    void weightDeclaringThreeQuadrillionElements() {
        KerasModelBuilder.Files m = new KerasModelBuilder().input("in", 3)
                .layer("Conv2D", "c", conv(4, 3, "same", "relu"), "in")
                .weight("c/kernel", new float[3 * 3 * 3 * 4], 3, 3, 3, 4).weight("c/bias", new float[4], 4)
                .build("in", "c");
        byte[] json = new String(m.modelJson(), StandardCharsets.UTF_8)
                .replace("[3,3,3,4]", "[100000,100000,100000,3]").getBytes(StandardCharsets.UTF_8);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());

        assertThatThrownBy(() -> TfjsImporter.convert(json, m.source(), "huge/model.json",
                TfjsImportOptions.unitRange()))
                .isInstanceOf(ModelImportException.class)
                .hasMessage("huge/model.json: weight 'c/kernel' has shape [100000,100000,100000,3], more than the"
                        + " limit of 268435456 elements per weight");
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(allocated).isLessThan(64L << 20);
    }
}
