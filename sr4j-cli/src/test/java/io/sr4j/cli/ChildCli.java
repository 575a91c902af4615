package io.sr4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The sr4j command in a child JVM on the test's class path, for the tests that kill it (KillNine*Test). */
final class ChildCli {
    private ChildCli() {
    }

    /** Starts {@code sr4j ARGS…}; what it prints goes to {@code log}. */
    static Process start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(InterruptTest.javaExecutable(), "-Xmx512m", "-cp",
                InterruptTest.classPath(), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Waits {@code millis}, then kills {@code child} with SIGKILL (no shutdown hook, no finally runs)
     * and waits for it to be gone.
     *
     * @return whether the child was still running when the signal went (false: it had already ended)
     */
    static boolean sigkillAfter(Process child, long millis) throws InterruptedException {
        Thread.sleep(millis);
        boolean running = child.isAlive();
        child.destroyForcibly(); // SIGKILL on Unix
        if (!child.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("child " + child.pid() + " still running 30 s after SIGKILL");
        }
        return running;
    }
}
