package io.sr4j.pipeline;

import java.util.Objects;

/**
 * One stage of a {@link PipelineSpec} as written: which stage, and what the spec says of it.
 *
 * @param kind  the stage
 * @param level the denoise level 0..3, or null (default level, or a model named instead)
 * @param size  what an {@code sr} stage is asked for ({@link SizeRequest#none()} for other stages)
 * @param model a catalogue id or model file named for the stage, or null for the stage's default
 */
public record StageSpec(StageKind kind, Integer level, SizeRequest size, String model) {
    /** The denoise level when none is written. */
    public static final int DEFAULT_DENOISE_LEVEL = 1;

    public StageSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(size, "size");
        if (level != null && (level < 0 || level > 3)) {
            throw new IllegalArgumentException("denoise level must be 0..3, got " + level);
        }
        if (model != null && model.isBlank()) {
            model = null;
        }
    }

    /** {@code denoise=LEVEL}. */
    public static StageSpec denoise(int level) {
        return new StageSpec(StageKind.DENOISE, level, SizeRequest.none(), null);
    }

    /** {@code denoise=MODEL}: a 1× model of the user's choice. */
    public static StageSpec denoiseWith(String model) {
        return new StageSpec(StageKind.DENOISE, null, SizeRequest.none(), Objects.requireNonNull(model, "model"));
    }

    /** {@code sr=SIZE:MODEL}; a null model is sr4j's built-in network for the size. */
    public static StageSpec sr(SizeRequest size, String model) {
        return new StageSpec(StageKind.SR, null, size, model);
    }

    /** {@code deblur}: blind removal of motion, defocus and Gaussian blur, estimated per image. */
    public static StageSpec deblur() {
        return new StageSpec(StageKind.DEBLUR, null, SizeRequest.none(), null);
    }

    /** {@code enhance}: the automatic grade (exposure, white balance, contrast). */
    public static StageSpec enhance() {
        return new StageSpec(StageKind.ENHANCE, null, SizeRequest.none(), null);
    }

    /** The denoise level this stage runs at, when it names no model. */
    public int denoiseLevel() {
        return level != null ? level : DEFAULT_DENOISE_LEVEL;
    }

    /** The spec form, e.g. {@code denoise=2}, {@code sr=4:realesrgan-x4fast}, {@code sr}. */
    @Override
    public String toString() {
        String value = switch (kind) {
            case DENOISE -> model != null ? model : Integer.toString(denoiseLevel());
            case SR -> size.isNone() ? nullToEmpty(model)
                    : model == null ? size.toString() : size + ":" + model;
            default -> nullToEmpty(model);
        };
        return value.isEmpty() ? kind.token() : kind.token() + "=" + value;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
