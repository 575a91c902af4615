package io.sr4j.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class VideoTimeTest {
    @Test
    void secondsAndClocksAreRead() {
        assertThat(VideoTime.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(VideoTime.parse(" 1.5 ")).isEqualTo(Duration.ofMillis(1500));
        assertThat(VideoTime.parse("1:30")).isEqualTo(Duration.ofSeconds(90));
        assertThat(VideoTime.parse("1:02:03.25")).isEqualTo(Duration.ofMillis(3_723_250));
    }

    @Test
    void otherTextIsRefusedSayingWhatIsTaken() {
        assertThatThrownBy(() -> VideoTime.parse("1m30")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1m30").hasMessageContaining("[h:]m:s");
        assertThatThrownBy(() -> VideoTime.parse("-3")).isInstanceOf(IllegalArgumentException.class);
    }
}
