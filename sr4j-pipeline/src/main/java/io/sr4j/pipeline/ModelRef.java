package io.sr4j.pipeline;

import io.sr4j.diffusion.SamplerSettings;
import io.sr4j.model.ModelInfo;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A model a stage runs: a catalogue entry, or a model file (ONNX, ncnn, or a local model made by
 * {@code sr4j train}).
 *
 * @param info         the catalogue entry, if it came from the catalogue
 * @param file         the model file, if it did not
 * @param selfEnsemble whether the network runs as the ×8 self-ensemble ({@code :ensemble} in a spec)
 * @param sampling     how a diffusion model is sampled; null for every other model
 */
public record ModelRef(Optional<ModelInfo> info, Path file, boolean selfEnsemble, SamplerSettings sampling) {
    /** How a spec asks for the self-ensemble: after the model, {@code sr=2:waifu2x-cunet-x2:ensemble}. */
    public static final String ENSEMBLE_SUFFIX = ":ensemble";

    public ModelRef {
        Objects.requireNonNull(info, "info");
        if (info.isPresent() == (file != null)) {
            throw new IllegalArgumentException("a model is a catalogue entry or a file");
        }
        if ((sampling != null) != info.filter(ModelInfo::isDiffusion).isPresent()) {
            throw new IllegalArgumentException("sampling settings go with diffusion models, and only with them");
        }
    }

    public static ModelRef catalogued(ModelInfo info) {
        return new ModelRef(Optional.of(info), null, false, info.isDiffusion() ? SamplerSettings.defaults() : null);
    }

    public static ModelRef file(Path file) {
        return new ModelRef(Optional.empty(), Objects.requireNonNull(file, "file"), false, null);
    }

    /** This model run as the ×8 self-ensemble (or not). */
    public ModelRef withSelfEnsemble(boolean on) {
        return new ModelRef(info, file, on, sampling);
    }

    /** True for a diffusion model, which takes sampling settings. */
    public boolean isDiffusion() {
        return sampling != null;
    }

    /**
     * This diffusion model sampled with {@code settings}; any other model as it is (the faces refuse
     * sampling options given for one before they get here).
     */
    public ModelRef withSampling(SamplerSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return isDiffusion() ? new ModelRef(info, file, selfEnsemble, settings) : this;
    }

    /** The catalogue id, or the file's name without its extension (for output names and notes). */
    public String name() {
        if (info.isPresent()) {
            return info.get().id();
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** What loaded models are keyed by (not the sampling: every sampling shares the loaded graph). */
    public String key() {
        String model = info.map(ModelInfo::id).orElseGet(() -> file.toAbsolutePath().normalize().toString());
        return selfEnsemble ? model + ENSEMBLE_SUFFIX : model;
    }

    /** The factor the model enlarges by as the catalogue records it; empty for files (known once loaded). */
    public Optional<Integer> catalogueScale() {
        return info.map(ModelInfo::scale);
    }

    /** Points {@code builder} at this model. */
    public Upscaler.Builder configure(Upscaler.Builder builder) {
        builder.selfEnsemble(selfEnsemble);
        if (sampling != null) {
            builder.sampling(sampling);
        }
        return info.isPresent() ? builder.model(info.get().id()) : builder.modelFile(file);
    }

    /**
     * The SHA-256 of the weights, for the provenance note: what the catalogue records (the ncnn
     * {@code .bin}, else the first file), or the model file hashed; null for classical filters or
     * an unreadable file.
     */
    public String weightsSha256() {
        if (info.isPresent()) {
            return info.get().weightsSha256().orElse(null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return null; // the note then names the model without a hash
        }
    }
}
