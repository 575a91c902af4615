package io.sr4j.server;

/**
 * Between two tiles, the running work reports how far it got and learns whether it should go on:
 * a cancelled job, a passed deadline or a stopping server end it with a {@link WorkStopped}.
 */
interface WorkControl {
    /**
     * @param fraction the share of the work done, 0..1
     * @throws WorkStopped when the work must end now
     */
    void progress(double fraction);

    /** Control for work nobody watches, with only a deadline. */
    static WorkControl deadline(long deadlineNanos, String limitText) {
        return fraction -> {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new WorkStopped(WorkStopped.Why.TIMEOUT, "took longer than the limit of " + limitText);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new WorkStopped(WorkStopped.Why.SHUTDOWN, "the server is stopping");
            }
        };
    }
}
