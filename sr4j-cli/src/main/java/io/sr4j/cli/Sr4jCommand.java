package io.sr4j.cli;

import io.sr4j.Sr4jException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sr4j} command. Exit codes: 0 success, 1 failure (bad input file, I/O, model), 2 usage
 * error (unknown option, missing argument, invalid value).
 */
@Command(
        name = "sr4j",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Super-resolution for images: upscale with pretrained networks or classical filters.",
        subcommands = {UpscaleCommand.class, CommandLine.HelpCommand.class})
public final class Sr4jCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** Parses and runs {@code args}, returning the exit code; output goes to stdout/stderr. */
    public static int execute(String... args) {
        return newCommandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    }

    /** A configured command line writing to the given streams (tests pass their own). */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Sr4jCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            commandLine.getErr().println("sr4j: " + describe(exception));
            if (Boolean.getBoolean("sr4j.debug")) {
                exception.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return FAILURE;
        });
        return cli;
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
