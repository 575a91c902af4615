package io.sr4j.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sr4j.diffusion.NoiseSchedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One training run, as read from a JSON config file ({@code sr4j train --config FILE}). Relative
 * data paths are resolved against the data root (see {@link #resolve}). Missing optional fields
 * take the defaults documented in docs/TRAINING.md.
 *
 * @param name     model name: the exported files are {@code name.onnx} + {@code name.onnx.json}
 * @param scale    enlargement factor (2, 3 or 4)
 * @param seed     seeds weight initialisation and the order of crops: same seed, same run
 * @param network  architecture and width
 * @param data     photos and degradation
 * @param schedule steps, learning rate, how often to validate and checkpoint
 * @param diffusion how a {@code diffusion} network is trained (required for it, refused for the others)
 * @param initFrom optional checkpoint of an earlier run of the same network to start from (its
 *                 weights; the optimiser and schedule start afresh): a second stage of training.
 *                 Relative paths are relative to the working directory, like {@code --run-dir}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainConfig(String name, int scale, long seed, Network network, Data data, Schedule schedule,
        String initFrom, Diffusion diffusion) {

    /**
     * @param type      {@code fast} (ESPCN/FSRCNN class: plain 3×3 convolutions), {@code residual}
     *                  (EDSR-baseline class: residual blocks) or {@code diffusion} (a U-Net denoiser for
     *                  SR3-style diffusion super-resolution, see {@link DiffusionUNet})
     * @param channels  feature width (of the U-Net's first level)
     * @param depth     hidden 3×3 convolutions ({@code fast}) or residual blocks ({@code residual})
     * @param levels    {@code diffusion}: resolutions of the U-Net, 1–5 (default 4: inputs a multiple of 8)
     * @param blocks    {@code diffusion}: residual blocks per level and direction (default 1)
     * @param embedding {@code diffusion}: width of the noise-level embedding, even (default 64)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Network(String type, int channels, Integer depth, Integer levels, Integer blocks,
            Integer embedding) {
        public Network {
            Objects.requireNonNull(type, "network.type is missing");
            positive(channels, "network.channels");
            switch (type) {
                case "fast", "residual" -> {
                    Objects.requireNonNull(depth, "network.depth is missing");
                    positive(depth, "network.depth");
                    for (Integer other : new Integer[] {levels, blocks, embedding}) {
                        if (other != null) {
                            throw new IllegalArgumentException("network.levels, .blocks and .embedding are for type"
                                    + " 'diffusion', not '" + type + "'");
                        }
                    }
                }
                case "diffusion" -> {
                    if (depth != null) {
                        throw new IllegalArgumentException("network.depth is not used by type 'diffusion'"
                                + " (it has levels and blocks)");
                    }
                    levels = levels == null ? 4 : levels;
                    blocks = blocks == null ? 1 : blocks;
                    embedding = embedding == null ? 64 : embedding;
                    if (levels < 1 || levels > 5) {
                        throw new IllegalArgumentException("network.levels must be 1..5, not " + levels);
                    }
                    positive(blocks, "network.blocks");
                    if (embedding < 2 || embedding % 2 != 0) {
                        throw new IllegalArgumentException("network.embedding must be even and positive, not "
                                + embedding);
                    }
                }
                default -> throw new IllegalArgumentException(
                        "network.type must be 'fast', 'residual' or 'diffusion', not '" + type + "'");
            }
        }

        /** A {@code fast} or {@code residual} network. */
        public Network(String type, int channels, int depth) {
            this(type, channels, depth, null, null, null);
        }

        @JsonIgnore
        public boolean isDiffusion() {
            return type.equals("diffusion");
        }
    }

    /**
     * How a {@code diffusion} network is trained: x₀ = (HR − bicubic)·residualGain is noised to
     * z_t = √ᾱ_t·x₀ + √(1−ᾱ_t)·ε, t uniform in 1..trainSteps, and the network predicts ε.
     *
     * @param schedule        noise schedule, as {@code NoiseSchedule.parse} reads it (default cosine)
     * @param trainSteps      T (default 1000)
     * @param residualGain    g: scales the residual over bicubic to a spread near the noise's
     * @param validationSteps the fixed t at which validation measures ε-MSE and one-step x̂₀ PSNR
     *                        (default 50, 200, 500, 800)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Diffusion(String schedule, Integer trainSteps, double residualGain, List<Integer> validationSteps) {
        public Diffusion {
            schedule = schedule == null ? "cosine" : schedule;
            trainSteps = trainSteps == null ? 1000 : trainSteps;
            NoiseSchedule.parse(schedule, trainSteps);
            if (!(residualGain > 0)) {
                throw new IllegalArgumentException("diffusion.residualGain must be positive, not " + residualGain);
            }
            validationSteps = validationSteps == null ? List.of(50, 200, 500, 800) : List.copyOf(validationSteps);
            for (int t : validationSteps) {
                if (t < 1 || t > trainSteps) {
                    throw new IllegalArgumentException("diffusion.validationSteps must lie in 1.." + trainSteps
                            + ", not " + t);
                }
            }
        }

        @JsonIgnore
        public NoiseSchedule noiseSchedule() {
            return NoiseSchedule.parse(schedule, trainSteps);
        }
    }

    /**
     * @param train       folders of high-resolution photos (PNG/JPEG), read recursively
     * @param validation  held-out photos: PSNR on their centre crops is reported during training;
     *                    they are never used for training even if they lie in a training folder
     * @param hrDownscale shrink every photo by this factor first (antialiased bicubic): wallpapers
     *                    are JPEGs, and shrinking hides their compression artefacts
     * @param patch       low-resolution crop edge
     * @param batch       crops per step
     * @param validationCrop edge of the high-resolution centre crop used for validation
     * @param degrade     extra degradations of the low-resolution input (real-world variant)
     */
    public record Data(List<String> train, List<String> validation, Double hrDownscale, Integer patch,
            Integer batch, Integer validationCrop, Degrade degrade) {
        public Data {
            if (train == null || train.isEmpty()) {
                throw new IllegalArgumentException("data.train must name at least one folder of photos");
            }
            validation = validation == null ? List.of() : List.copyOf(validation);
            hrDownscale = hrDownscale == null ? 1.0 : hrDownscale;
            patch = patch == null ? 32 : patch;
            batch = batch == null ? 16 : batch;
            validationCrop = validationCrop == null ? 240 : validationCrop;
            degrade = degrade == null ? Degrade.NONE : degrade;
            if (hrDownscale < 1) {
                throw new IllegalArgumentException("data.hrDownscale must be at least 1, not " + hrDownscale);
            }
            positive(patch, "data.patch");
            positive(batch, "data.batch");
            positive(validationCrop, "data.validationCrop");
        }
    }

    /**
     * Degradations applied after the bicubic reduction, each to a random share of the crops.
     *
     * @param probability share of crops that get each degradation
     * @param blurSigma   largest Gaussian blur sigma in low-resolution pixels, applied to the reduced crop; 0 = off
     * @param noiseSigma  largest Gaussian noise sigma in 8-bit levels; 0 = off
     * @param jpegQuality lowest JPEG quality (the highest is 95); 0 = off
     */
    public record Degrade(double probability, double blurSigma, double noiseSigma, int jpegQuality) {
        public static final Degrade NONE = new Degrade(0, 0, 0, 0);

        public boolean any() {
            return probability > 0 && (blurSigma > 0 || noiseSigma > 0 || jpegQuality > 0);
        }
    }

    /**
     * @param steps            optimiser steps
     * @param learningRate     Adam's learning rate at the start of the cosine schedule
     * @param minLearningRate  learning rate at the end
     * @param validateEvery    steps between validations (and progress lines when not on a console)
     * @param checkpointEvery  steps between checkpoints
     */
    public record Schedule(int steps, double learningRate, Double minLearningRate, Integer validateEvery,
            Integer checkpointEvery) {
        public Schedule {
            positive(steps, "schedule.steps");
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("schedule.learningRate must be positive");
            }
            minLearningRate = minLearningRate == null ? learningRate / 100 : minLearningRate;
            validateEvery = validateEvery == null ? Math.max(1, steps / 20) : validateEvery;
            checkpointEvery = checkpointEvery == null ? validateEvery : checkpointEvery;
            positive(validateEvery, "schedule.validateEvery");
            positive(checkpointEvery, "schedule.checkpointEvery");
        }
    }

    public TrainConfig {
        Objects.requireNonNull(name, "name is missing");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        if (scale < 2 || scale > 4) {
            throw new IllegalArgumentException("scale must be 2, 3 or 4, not " + scale);
        }
        Objects.requireNonNull(network, "network is missing");
        Objects.requireNonNull(data, "data is missing");
        Objects.requireNonNull(schedule, "schedule is missing");
        if (network.isDiffusion() && diffusion == null) {
            throw new IllegalArgumentException("a 'diffusion' network needs a diffusion section (residualGain, …)");
        }
        if (!network.isDiffusion() && diffusion != null) {
            throw new IllegalArgumentException("the diffusion section is for network.type 'diffusion' only");
        }
        if (network.isDiffusion()) {
            int align = 1 << (network.levels() - 1);
            if (data.patch() * scale % align != 0) {
                throw new IllegalArgumentException("data.patch × scale (" + data.patch() * scale + ") must be a multiple"
                        + " of " + align + " for a " + network.levels() + "-level U-Net");
            }
            if (data.validationCrop() % align != 0) {
                throw new IllegalArgumentException("data.validationCrop (" + data.validationCrop() + ") must be a"
                        + " multiple of " + align + " for a " + network.levels() + "-level U-Net");
            }
        }
    }

    /** A run of a regression network ({@code fast}, {@code residual}). */
    public TrainConfig(String name, int scale, long seed, Network network, Data data, Schedule schedule,
            String initFrom) {
        this(name, scale, seed, network, data, schedule, initFrom, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    /** Reads a config file; errors name the file. */
    public static TrainConfig read(Path file) {
        try {
            return JSON.readValue(Files.readString(file), TrainConfig.class);
        } catch (JsonProcessingException e) {
            // A check in a constructor above arrives wrapped: its own message says it best.
            Throwable cause = e.getCause();
            String why = cause instanceof IllegalArgumentException || cause instanceof NullPointerException
                    ? cause.getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException("config " + file + ": " + why, e);
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + file + ": cannot read it: " + e.getMessage(), e);
        }
    }

    /** The JSON of this config (written beside checkpoints, so a run records what made it). */
    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A data path: absolute as given, {@code ~/} is the home folder, else relative to {@code dataRoot}. */
    public static Path resolve(Path dataRoot, String path) {
        if (path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(path.substring(2));
        }
        Path p = Path.of(path);
        return p.isAbsolute() ? p : dataRoot.resolve(p);
    }

    private static void positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, not " + value);
        }
    }
}
