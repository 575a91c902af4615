package io.sr4j.train;

/** What a training run reports while it runs (the CLI draws a progress bar from it). */
public interface TrainingListener {
    /** Before the first step: photos loaded, PSNR of plain bicubic on the validation photos. */
    void started(int trainPhotos, int validationPhotos, double bicubicPsnr, long firstStep, long steps);

    /** After every step. */
    void stepped(long step, long steps, double loss, double learningRate, double stepsPerSecond);

    /** After each validation. */
    void validated(long step, double psnr, double bicubicPsnr);

    /**
     * After each validation of a diffusion denoiser: the ε-MSE and the one-step x̂₀ PSNR, both
     * averaged over the fixed validation steps, and bicubic's PSNR.
     */
    default void diffusionValidated(long step, double epsMse, double oneStepPsnr, double bicubicPsnr) {
        validated(step, oneStepPsnr, bicubicPsnr);
    }

    /** A line of information (checkpoint written, model exported). */
    void info(String message);

    /** A listener that reports nothing. */
    static TrainingListener silent() {
        return new TrainingListener() {
            @Override
            public void started(int trainPhotos, int validationPhotos, double bicubicPsnr, long firstStep, long steps) {
            }

            @Override
            public void stepped(long step, long steps, double loss, double learningRate, double stepsPerSecond) {
            }

            @Override
            public void validated(long step, double psnr, double bicubicPsnr) {
            }

            @Override
            public void info(String message) {
            }
        };
    }
}
