package io.sr4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PeakMemoryTest {
    @Test
    void parsesTheKernelsKilobyteField() {
        assertThat(PeakMemory.parseKilobytes("\t  123456 kB")).isEqualTo(123456);
        assertThatThrownBy(() -> PeakMemory.parseKilobytes("12 MB")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHighWaterMarkCoversWhatTheProcessHasTouched() {
        if (!Files.isRegularFile(Path.of("/proc/self/status"))) {
            assertThat(PeakMemory.residentHighWaterBytes()).isEmpty();
            return;
        }
        byte[] touched = new byte[64 << 20];
        for (int i = 0; i < touched.length; i += 4096) {
            touched[i] = 1;
        }
        assertThat(PeakMemory.residentHighWaterBytes().orElseThrow()).isGreaterThan(touched.length);
    }
}
