package io.sr4j.server;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who may change a job's folder on disk, and when. While a worker runs a job it alone writes in
 * the job's folder; a cancel, delete or expiry meanwhile changes only the job in memory, and the
 * worker brings the folder in line with it when it lets go. Otherwise the request does that
 * itself, at once. Both go through the same {@code settle} step, one at a time, so a folder is never
 * deleted while someone writes in it (the soak test's {@code DirectoryNotEmptyException}).
 */
final class JobFolders {
    /** Ids of the jobs a worker is running now. */
    private final Set<String> inUse = new HashSet<>();
    /** Makes a job's folder match its state in memory (removed, or cancelled without its work files). */
    private final Consumer<String> settle;

    JobFolders(Consumer<String> settle) {
        this.settle = settle;
    }

    /** A worker starts on the job: from now on, changes to its folder wait for {@link #release}. */
    synchronized void hold(String id) {
        inUse.add(id);
    }

    /** The worker has stopped writing: the folder is settled now, with what happened meanwhile. */
    synchronized void release(String id) {
        inUse.remove(id);
        settle.accept(id);
    }

    /**
     * Settles the job's folder now if no worker holds it; otherwise the worker does when it lets go.
     *
     * @return true if it was settled now
     */
    synchronized boolean settleUnlessHeld(String id) {
        if (inUse.contains(id)) {
            return false;
        }
        settle.accept(id);
        return true;
    }
}
