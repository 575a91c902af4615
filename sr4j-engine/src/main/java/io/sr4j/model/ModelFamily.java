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
    /** Classical resamplers built into sr4j (no network). */
    BASELINE("baseline");

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
