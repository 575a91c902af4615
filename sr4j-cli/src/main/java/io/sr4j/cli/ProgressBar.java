package io.sr4j.cli;

import io.sr4j.upscale.TileProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows how far a tiled network run is: on a terminal, one line redrawn in place
 * ({@code [#####.....] 12/40 tiles  30%  elapsed 0:12  ETA 0:28}); elsewhere (a log file, a pipe)
 * nothing while it runs, so logs get only the summary line the command prints at the end.
 *
 * <p>Writes only to the given stream. Safe to call from several threads.
 */
final class ProgressBar implements TileProgress {
    private static final int WIDTH = 30;
    /** Redraw at most this often; tiles can finish faster than a terminal is worth updating. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;
    private int lastLength;
    private int done;
    private int total;

    /**
     * @param err         where the bar is drawn
     * @param interactive true if {@code err} is a terminal; otherwise nothing is drawn
     * @param clock       nanosecond clock ({@code System::nanoTime}; tests pass their own)
     */
    ProgressBar(PrintWriter err, boolean interactive, LongSupplier clock) {
        this.err = err;
        this.interactive = interactive;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    @Override
    public synchronized void advanced(int doneNow, int totalNow) {
        done = doneNow;
        total = totalNow;
        if (!interactive) {
            return;
        }
        long now = clock.getAsLong();
        if (doneNow < totalNow && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(doneNow, totalNow, now - start);
        // Pad with spaces so a shorter line fully covers the previous one.
        err.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Ends the bar's line (if one was drawn), so what follows starts on a fresh line. */
    synchronized void finish() {
        if (lastLength > 0) {
            err.println();
            err.flush();
            lastLength = 0;
        }
    }

    /** Work units (tiles) reported done so far. */
    synchronized int done() {
        return done;
    }

    /** Work units (tiles) of the whole run, as last reported; 0 before the first report. */
    synchronized int total() {
        return total;
    }

    /** Seconds since the bar was made. */
    double elapsedSeconds() {
        return (clock.getAsLong() - start) / 1e9;
    }

    /** One line of the bar. The ETA assumes the remaining tiles take as long as the finished ones. */
    static String render(int done, int total, long elapsedNanos) {
        double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        StringBuilder sb = new StringBuilder(80);
        sb.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
        sb.append(done).append('/').append(total).append(" tiles ");
        sb.append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100)));
        sb.append("  elapsed ").append(clock(elapsedNanos));
        sb.append("  ETA ");
        if (done <= 0) {
            sb.append("--:--");
        } else {
            sb.append(clock((long) (elapsedNanos * (double) (total - done) / done)));
        }
        return sb.toString();
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(long nanos) {
        long seconds = Math.max(0, Math.round(nanos / 1e9));
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
