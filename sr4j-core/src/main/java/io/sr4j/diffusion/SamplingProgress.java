package io.sr4j.diffusion;

/** Told after each window's network evaluation of each step. */
@FunctionalInterface
public interface SamplingProgress {
    SamplingProgress NONE = (step, steps, window, windows) -> { };

    /**
     * @param step    the step under way, 1..steps
     * @param window  windows done in this step, 1..windows
     */
    void advanced(int step, int steps, int window, int windows);
}
