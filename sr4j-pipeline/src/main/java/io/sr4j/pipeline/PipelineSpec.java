package io.sr4j.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What to run on each image, in the one vocabulary every face reads: stages separated by commas,
 * each {@code name} or {@code name=value}, e.g. {@code denoise=1,sr=4} or
 * {@code sr=2:waifu2x-cunet-x2}. {@code auto} (alone, optionally {@code auto=SCALE}) lets the
 * no-reference assessment build the stages per image. See {@link StageKind#vocabulary()}.
 *
 * <p>A spec is checked as a whole when parsed: unknown stages, bad values and impossible orders are refused with a {@link PipelineSpecException} naming the token,
 * before any image is read.
 *
 * @param stages   the stages in order; empty for {@code auto}
 * @param auto     whether the stages come from each image's assessment
 * @param autoSize with {@code auto}: the size asked for, or none (the assessment's suggestion)
 * @param hdr      the closing {@code hdr} stage, or null for SDR output
 */
public record PipelineSpec(List<StageSpec> stages, boolean auto, SizeRequest autoSize, HdrTarget hdr) {
    /** More stages than this is a mistake, not a restoration. */
    public static final int MAX_STAGES = 8;
    static final String AUTO = "auto";

    public PipelineSpec {
        stages = List.copyOf(stages);
        Objects.requireNonNull(autoSize, "autoSize");
        if (auto != stages.isEmpty()) {
            throw new IllegalArgumentException(auto ? "an auto pipeline has no stages of its own"
                    : "a pipeline needs at least one stage");
        }
    }

    /** A spec with SDR output. */
    public PipelineSpec(List<StageSpec> stages, boolean auto, SizeRequest autoSize) {
        this(stages, auto, autoSize, null);
    }

    /** This spec closed by an {@code hdr} stage ({@code --hdr} on the command line); null for SDR. */
    public PipelineSpec withHdr(HdrTarget target) {
        if (target != null && hdr != null) {
            throw new PipelineSpecException(target.toString(), "the pipeline already ends in " + hdr);
        }
        return new PipelineSpec(stages, auto, autoSize, target);
    }

    /** The stages, checked as {@link #parse} checks them. */
    public static PipelineSpec of(List<StageSpec> stages) {
        PipelineSpec spec = new PipelineSpec(stages, false, SizeRequest.none());
        spec.checkOrder();
        return spec;
    }

    /** {@code auto}: the assessment chooses per image; {@code size} is what is asked for, or none. */
    public static PipelineSpec auto(SizeRequest size) {
        return new PipelineSpec(List.of(), true, size);
    }

    /**
     * Reads a spec such as {@code deblur,denoise=1,sr=4}.
     *
     * @throws PipelineSpecException naming the first token at fault
     */
    public static PipelineSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new PipelineSpecException("", "the pipeline is empty; name at least one stage");
        }
        String[] tokens = text.split(",", -1);
        if (tokens.length > MAX_STAGES) {
            throw new PipelineSpecException(text.strip(), "more than " + MAX_STAGES + " stages");
        }
        List<StageSpec> stages = new ArrayList<>();
        HdrTarget hdr = null;
        String hdrToken = null;
        for (String raw : tokens) {
            String token = raw.strip();
            if (token.isEmpty()) {
                throw new PipelineSpecException(text.strip(), "an empty stage (two commas in a row, or one at an end)");
            }
            String name = name(token);
            String value = value(token);
            if (name.equalsIgnoreCase(AUTO)) {
                HdrTarget closing = tokens.length == 2 ? closingHdr(tokens[1].strip()) : null;
                if (tokens.length > 2 || tokens.length == 2 && closing == null) {
                    throw new PipelineSpecException(token, "auto builds the whole pipeline from the assessment; "
                            + "give it alone (or followed by hdr=…)");
                }
                return auto(value == null ? SizeRequest.none() : size(token, value, true)).withHdr(closing);
            }
            if (hdr != null) {
                throw new PipelineSpecException(token, "hdr converts the finished picture: it comes last");
            }
            StageKind kind = StageKind.fromToken(name).orElseThrow(() -> new PipelineSpecException(token,
                    "unknown stage '" + name + "'"));
            if (kind == StageKind.HDR) {
                hdr = hdrTarget(token, value);
                hdrToken = token;
                continue;
            }
            stages.add(stage(kind, token, value));
        }
        if (hdr != null && stages.isEmpty()) {
            throw new PipelineSpecException(hdrToken, "hdr converts the result of other stages; give one before it "
                    + "(e.g. sr=2," + hdr + ")");
        }
        PipelineSpec spec = new PipelineSpec(stages, false, SizeRequest.none(), hdr);
        spec.checkOrder();
        return spec;
    }

    /** A token's stage name: what comes before {@code =}. */
    private static String name(String token) {
        int eq = token.indexOf('=');
        return (eq < 0 ? token : token.substring(0, eq)).strip();
    }

    /** A token's value: what comes after {@code =}, or null without one. */
    private static String value(String token) {
        int eq = token.indexOf('=');
        return eq < 0 ? null : token.substring(eq + 1).strip();
    }

    /** The hdr stage {@code token} names, or null if it names another. */
    private static HdrTarget closingHdr(String token) {
        return name(token).equalsIgnoreCase(StageKind.HDR.token()) ? hdrTarget(token, value(token)) : null;
    }

    private static HdrTarget hdrTarget(String token, String value) {
        if (value == null || value.isEmpty()) {
            throw new PipelineSpecException(token, "name the HDR format: hdr=hdr10 or hdr=hlg");
        }
        try {
            return HdrTarget.parse(value);
        } catch (IllegalArgumentException e) {
            throw new PipelineSpecException(token, e.getMessage());
        }
    }

    private static StageSpec stage(StageKind kind, String token, String value) {
        if (value != null && value.isEmpty()) {
            throw new PipelineSpecException(token, "nothing after '='");
        }
        switch (kind) {
            case DENOISE:
                if (value == null) {
                    return StageSpec.denoise(StageSpec.DEFAULT_DENOISE_LEVEL);
                }
                if (value.matches("-?[0-9]+")) {
                    int level = Integer.parseInt(value);
                    if (level < 0 || level > 3) {
                        throw new PipelineSpecException(token, "the denoise level is 0 (light) .. 3 (heavy), got "
                                + value);
                    }
                    return StageSpec.denoise(level);
                }
                return StageSpec.denoiseWith(value);
            case SR:
                if (value == null) {
                    return StageSpec.sr(SizeRequest.none(), null);
                }
                int colon = value.indexOf(':');
                boolean ensembleOnly = value.toLowerCase(java.util.Locale.ROOT).endsWith(ModelRef.ENSEMBLE_SUFFIX)
                        && colon == value.length() - ModelRef.ENSEMBLE_SUFFIX.length();
                if (colon >= 0 && !ensembleOnly) {
                    String model = value.substring(colon + 1).strip();
                    if (model.isEmpty()) {
                        throw new PipelineSpecException(token, "no model after ':'");
                    }
                    return StageSpec.sr(size(token, value.substring(0, colon).strip(), true), model);
                }
                SizeRequest size = size(token, value, false);
                return size != null ? StageSpec.sr(size, null) : StageSpec.sr(SizeRequest.none(), value);
            case DEBLUR:
                if (value != null) {
                    throw new PipelineSpecException(token, "deblur takes no value: the blur is estimated from each "
                            + "image, got '" + value + "'");
                }
                return StageSpec.deblur();
            case ENHANCE:
                if (value != null && !value.equalsIgnoreCase(AUTO)) {
                    throw new PipelineSpecException(token, "enhance takes no value but auto (the corrector chosen "
                            + "by measurement), got '" + value + "'");
                }
                return StageSpec.enhance();
            default:
                throw new IllegalStateException("no parser for " + kind); // hdr is read before
        }
    }

    /** The size {@code value} writes; null if it is not a size and {@code required} is false. */
    private static SizeRequest size(String token, String value, boolean required) {
        try {
            SizeRequest size = SizeRequest.parse(value).orElse(null);
            if (size == null && required) {
                throw new PipelineSpecException(token, "'" + value + "' is not a scale (4, 2.5) or a size to fit "
                        + "(w1920, h1080, w1920h1080)");
            }
            return size;
        } catch (PipelineSpecException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new PipelineSpecException(token, e.getMessage());
        }
    }

    /** Restoration at the source's size comes first: its networks learnt the source's artefacts. */
    private void checkOrder() {
        boolean enlarged = false;
        boolean denoised = false;
        boolean enhanced = false;
        boolean deblurred = false;
        for (StageSpec stage : stages) {
            if (stage.kind() == StageKind.DEBLUR) {
                if (deblurred || enlarged) {
                    throw new PipelineSpecException(stage.toString(), deblurred ? "deblur is given twice"
                            : "deblur must come before sr: the blur is estimated and undone at the source's size");
                }
                deblurred = true;
            }
            if (enhanced) {
                throw new PipelineSpecException(stage.toString(), stage.kind() == StageKind.ENHANCE
                        ? "enhance is given twice" : "enhance grades the finished picture: it comes after deblur, "
                        + "denoise and sr (only hdr may follow it)");
            }
            enhanced = stage.kind() == StageKind.ENHANCE;
            if (stage.kind() == StageKind.SR) {
                enlarged = true;
            } else if (stage.kind() == StageKind.DENOISE) {
                if (denoised) {
                    throw new PipelineSpecException(stage.toString(), "denoise is given twice; give one level");
                }
                if (enlarged) {
                    throw new PipelineSpecException(stage.toString(), "denoise must come before sr: the 1x "
                            + "denoisers learnt compression artefacts at the source's resolution, which sr enlarges");
                }
                denoised = true;
            }
        }
    }

    /** Whether the spec grades the picture (ends in {@code enhance}, before any {@code hdr}). */
    public boolean enhances() {
        return !stages.isEmpty() && stages.get(stages.size() - 1).kind() == StageKind.ENHANCE;
    }

    /**
     * This spec without its {@code enhance} stage, or empty when that was its only stage: video
     * grades frames itself, smoothed over each scene.
     */
    public Optional<PipelineSpec> withoutEnhance() {
        if (!enhances()) {
            return Optional.of(this);
        }
        if (stages.size() == 1) {
            return Optional.empty();
        }
        return Optional.of(new PipelineSpec(stages.subList(0, stages.size() - 1), false, autoSize, hdr));
    }

    /**
     * Whether every stage is {@code sr=SCALE:MODEL}: networks named and each asked for a factor, as
     * a quality tier's chain is (no {@code auto}, no closing {@code hdr}).
     */
    public boolean isScaledChain() {
        return !auto && hdr == null && stages.stream().allMatch(s -> s.kind() == StageKind.SR && s.model() != null
                && !s.size().isNone() && !s.size().isFit());
    }

    /** Whether the spec enlarges (has an {@code sr} stage, or is {@code auto}). */
    public boolean enlarges() {
        return auto || stages.stream().anyMatch(s -> s.kind() == StageKind.SR);
    }

    /** The canonical spec text, which {@link #parse} reads back to an equal spec. */
    @Override
    public String toString() {
        if (auto) {
            String text = autoSize.isNone() ? AUTO : AUTO + "=" + autoSize;
            return hdr == null ? text : text + "," + hdr;
        }
        String text = stages.stream().map(StageSpec::toString).collect(Collectors.joining(","));
        return hdr == null ? text : text + "," + hdr;
    }
}
