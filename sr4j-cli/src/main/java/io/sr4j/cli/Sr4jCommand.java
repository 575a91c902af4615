package io.sr4j.cli;

import io.sr4j.Sr4jException;
import io.sr4j.model.ModelNotFoundException;
import io.sr4j.pipeline.PipelineSpecException;
import io.sr4j.model.ModelStore;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code sr4j} command. Exit codes: 0 success, 1 failure (bad input file, I/O, model), 2 usage
 * error (unknown option or model id, missing argument, invalid value).
 *
 * <p>The root object also carries what every subcommand shares: where the model store is and
 * whether stderr is a terminal (progress bars are drawn only then). Subcommands reach it through
 * {@link #of(CommandSpec)}.
 */
@Command(
        name = "sr4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Super-resolution for images: upscale with pretrained networks or classical filters.",
        subcommands = {UpscaleCommand.class, DenoiseCommand.class, DeblurCommand.class, EnhanceCommand.class, RestoreCommand.class, ModelsCommand.class, EvalCommand.class, AssessCommand.class,
            CompareCommand.class, ServeCommand.class, VideoCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure (unreadable input, unwritable output, model fetch), "
            + "2 usage error.",
            "Models are stored in $SR4J_HOME (default ~/.cache/sr4j); see 'sr4j models path'."})
public final class Sr4jCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    private final Supplier<ModelStore> stores;
    private final boolean interactive;
    private ModelStore store;

    private Sr4jCommand(Supplier<ModelStore> stores, boolean interactive) {
        this.stores = stores;
        this.interactive = interactive;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** The model store, opened on first use ({@code $SR4J_HOME} or {@code ~/.cache/sr4j} by default). */
    ModelStore store() {
        if (store == null) {
            store = Objects.requireNonNull(stores.get(), "model store");
        }
        return store;
    }

    /** True if stderr is a terminal, so progress may be redrawn in place. */
    boolean interactive() {
        return interactive;
    }

    /** The root command of the command line {@code spec} belongs to. */
    static Sr4jCommand of(CommandSpec spec) {
        return (Sr4jCommand) spec.root().userObject();
    }

    /** Parses and runs {@code args}, returning the exit code; output goes to stdout/stderr. */
    public static int execute(String... args) {
        return newCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                ModelStore::open, System.console() != null).execute(args);
    }

    /** A command line writing to the given streams, with the default store (tests pass their own streams). */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        return newCommandLine(out, err, ModelStore::open, false);
    }

    /**
     * A configured command line.
     *
     * @param stores      opens the model store when a command first needs it
     * @param interactive whether progress may be drawn in place (stderr is a terminal)
     */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err, Supplier<ModelStore> stores,
            boolean interactive) {
        CommandLine cli = new CommandLine(new Sr4jCommand(stores, interactive));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Sr4jCommand::usageError);
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            // An unknown model id is a wrong argument, even when only the catalogue can tell.
            boolean usage = exception instanceof ModelNotFoundException;
            if (exception instanceof PipelineSpecException) {
                return usageError(new ParameterException(commandLine, exception.getMessage()), null);
            }
            commandLine.getErr().println("sr4j: " + describe(exception));
            if (usage) {
                commandLine.getErr().println("Run 'sr4j models list' for every model id.");
            }
            if (Boolean.getBoolean("sr4j.debug")) {
                exception.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return usage ? USAGE : FAILURE;
        });
        return cli;
    }

    /** A short message and a pointer to the help instead of the whole usage text. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("sr4j: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println(hint(commandLine));
        err.flush();
        return USAGE;
    }

    private static String hint(CommandLine commandLine) {
        return "Run '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.";
    }

    /** Our own exceptions carry user-facing messages; anything else gets its type named too. */
    private static String describe(Exception exception) {
        if (exception instanceof Sr4jException || exception instanceof IllegalArgumentException) {
            return exception.getMessage();
        }
        String message = exception.getMessage();
        return exception.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
