package io.sr4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sr4j.engine.onnx.OnnxFiles;
import io.sr4j.engine.pytorch.DetectedArchitecture;
import io.sr4j.engine.pytorch.PytorchImporter;
import io.sr4j.engine.pytorch.PytorchModel;
import io.sr4j.model.ModelStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sr4j models import FILE [--name NAME]}: converts a PyTorch checkpoint once and installs it
 * as a local model ({@code $SR4J_HOME/local-models/NAME.onnx} + {@code NAME.onnx.json}, the same
 * place and sidecar as {@code sr4j train}'s models), so every command finds it as {@code --model NAME}.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Convert a PyTorch checkpoint (.pth/.pt/.ckpt or safetensors; SRVGGNetCompact or RRDBNet)",
            "to ONNX and install it as a local model, usable as --model NAME."})
final class ModelsImportCommand implements Callable<Integer> {
    private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]*";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The checkpoint (format told by content).")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name (default: the file name without extension).")
    String name;

    @Option(names = "--force", description = "Replace a local model of the same name.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        String model = name != null ? name : file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        if (!model.matches(NAME_PATTERN)) {
            throw new ParameterException(spec.commandLine(), "model name '" + model + "' must match " + NAME_PATTERN
                    + " (give --name)");
        }
        ModelStore store = Sr4jCommand.of(spec).store();
        if (store.catalog().find(model).isPresent()) {
            throw new ParameterException(spec.commandLine(), "'" + model + "' is a catalogue id, which would win over"
                    + " the local model: choose another --name");
        }
        Path target = store.localModelsDir().resolve(model + ".onnx");
        if (Files.exists(target) && !force) {
            throw new ParameterException(spec.commandLine(), "local model " + model + " exists (" + target
                    + "): give --force to replace it or another --name");
        }
        PytorchModel converted = PytorchImporter.convert(file);
        DetectedArchitecture arch = converted.architecture();
        Files.createDirectories(target.getParent());
        OnnxFiles.writeAtomically(target, converted.onnx());
        OnnxFiles.writeAtomically(target.resolveSibling(target.getFileName() + ".json"),
                sidecar(model, arch).getBytes(StandardCharsets.UTF_8));
        PrintWriter out = spec.commandLine().getOut();
        out.println("installed " + model + ": " + arch.describe() + ", tile padding " + arch.tilePadding());
        out.println("  " + target);
        out.println("use it as: sr4j upscale IMAGE -o OUT.png --model " + model);
        out.flush();
        return Sr4jCommand.OK;
    }

    /** The sidecar sr4j's model loader reads (scale, padding, input range) and what it came from. */
    private String sidecar(String model, DetectedArchitecture arch) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("name", model);
        root.put("scale", arch.scale());
        root.put("padding", arch.tilePadding());
        if (arch.windowed()) {
            root.put("tileWindow", arch.tileWindow()); // window attention (SwinIR, HAT, DAT): tiles follow the window grid
        }
        root.put("inputRange", "0..1");
        root.put("channelOrder", "RGB");
        root.put("network", arch.name());
        root.put("description", arch.describe());
        root.put("convertedFrom", file.toAbsolutePath().toString());
        root.put("converter", PytorchImporter.CONVERTER_VERSION);
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }
}
