package io.sr4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void renderShowsTilesPercentElapsedAndEta() {
        // 10 of 40 tiles in 12 s: the other 30 should take 3 × 12 s = 36 s.
        String line = ProgressBar.render(10, 40, 12 * SECOND);
        assertThat(line).contains("10/40 tiles").contains(" 25%").contains("elapsed 0:12").contains("ETA 0:36");
        // A quarter of a 30-character bar is filled (7.5 rounds to 8).
        assertThat(line).startsWith("[" + "#".repeat(8) + ".".repeat(22) + "]");
    }

    @Test
    void renderBeforeTheFirstTileHasNoEtaAndAFinishedRunIsFull() {
        assertThat(ProgressBar.render(0, 9, 3 * SECOND)).contains("0/9 tiles").contains("  0%").contains("ETA --:--");
        String done = ProgressBar.render(9, 9, 75 * SECOND);
        assertThat(done).startsWith("[" + "#".repeat(30) + "]").contains("100%").contains("elapsed 1:15")
                .contains("ETA 0:00");
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertThat(ProgressBar.clock(59 * SECOND)).isEqualTo("0:59");
        assertThat(ProgressBar.clock(61 * SECOND)).isEqualTo("1:01");
        assertThat(ProgressBar.clock((2 * 3600 + 5 * 60 + 7) * SECOND)).isEqualTo("2:05:07");
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndEndedByFinish() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, now::get);
        now.set(SECOND);
        bar.advanced(1, 4);
        now.set(2 * SECOND);
        bar.advanced(2, 4);
        now.set(4 * SECOND);
        bar.advanced(4, 4);
        bar.finish();
        String out = text.toString();
        assertThat(out.chars().filter(c -> c == '\r').count()).isEqualTo(3);
        assertThat(out).contains("1/4 tiles").contains("2/4 tiles").contains("4/4 tiles").endsWith(System.lineSeparator());
        assertThat(out.chars().filter(c -> c == '\n').count()).as("one line, redrawn").isEqualTo(1);
        assertThat(bar.done()).isEqualTo(4);
        assertThat(bar.total()).isEqualTo(4);
    }

    @Test
    void redrawsAreThrottledButTheLastTileIsAlwaysShown() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), true, now::get);
        for (int i = 1; i <= 100; i++) {
            now.addAndGet(SECOND / 1000); // 100 tiles in 0.1 s
            bar.advanced(i, 100);
        }
        String out = text.toString();
        assertThat(out.chars().filter(c -> c == '\r').count()).isLessThan(5);
        assertThat(out).contains("100/100 tiles");
    }

    @Test
    void elsewhereNothingIsDrawnButProgressIsCounted() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), false, System::nanoTime);
        bar.advanced(3, 7);
        bar.finish();
        assertThat(text.toString()).isEmpty();
        assertThat(bar.done()).isEqualTo(3);
        assertThat(bar.total()).isEqualTo(7);
    }
}
