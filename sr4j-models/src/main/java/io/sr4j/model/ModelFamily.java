package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** The network architecture a model belongs to; it decides pre/post-processing and tiling rules. */
public enum ModelFamily {
    /** Real-ESRGAN RRDBNet (ESRGAN generator): deep receptive field. */
    REALESRGAN("realesrgan"),
    /** Real-ESRGAN SRVGGNetCompact: plain convolutions with PReLU, pixel shuffle, input residual in the graph. */
    REALESRGAN_COMPACT("realesrgan-compact"),
    /** Real-CUGAN cascaded U-Nets with squeeze-excitation blocks (ncnn "models-se"). */
    REALCUGAN("realcugan"),
    /** waifu2x CUnet / UpCUnet. */
    WAIFU2X_CUNET("waifu2x-cunet"),
    /** Residual Dense Network (idealo ISR's RDN; UpscalerJS esrgan-slim/-medium, default-model): 0..255 values. */
    RDN("rdn"),
    /** Residual-in-Residual Dense Network (idealo ISR's RRDN; UpscalerJS esrgan-thick): pixel shuffle. */
    RRDN("rrdn"),
    /** OmniSR (omni-scale aggregation: window, grid and channel attention; PyTorch checkpoints). */
    OMNISR("omnisr"),
    /** Classical resamplers built into sr4j (no network). */
    BASELINE("baseline"),
    /** Blind deblurring built into sr4j: the blur estimated from the image's spectrum, undone by deconvolution. */
    DEBLUR("deblur"),
    /** sr4j's own fast networks (ESPCN/FSRCNN class), trained by sr4j-train, shipped in the jar. */
    SR4J_FAST("sr4j-fast"),
    /** sr4j's own residual networks for pixel fidelity, trained by sr4j-train. */
    SR4J_FIDELITY("sr4j-fidelity"),
    /**
     * sr4j's own conditional diffusion networks (SR3-style), trained by sr4j-train: the graph predicts
     * noise and runs once per sampling step, with the Java sampler around it.
     */
    DIFFUSION("diffusion");

    private final String code;

    ModelFamily(String code) {
        this.code = code;
    }

    /** The name used in the catalogue JSON. */
    @JsonValue
    public String code() {
        return code;
    }
}
