package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Usage errors are found before Spark starts, and end with exit code 2 like the rest of sr4j. */
class BatchMainTest {
    @Test
    void badOptionsAreUsageErrors() {
        assertThat(BatchMain.execute("in", "out", "--format", "gif")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in", "out", "--denoise", "7")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in", "out", "--listing", "csv")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in", "out", "--input-root", "/data")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in", "out", "--scale", "-2")).isEqualTo(BatchMain.USAGE);
        assertThat(BatchMain.execute("in")).isEqualTo(BatchMain.USAGE);
    }
}
