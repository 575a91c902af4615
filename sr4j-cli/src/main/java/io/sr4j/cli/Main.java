package io.sr4j.cli;

/** Entry point of the {@code sr4j} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Sr4jCommand.execute(args));
    }
}
