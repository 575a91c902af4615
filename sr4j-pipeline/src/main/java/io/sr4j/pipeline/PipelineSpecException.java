package io.sr4j.pipeline;

/**
 * A pipeline spec that cannot run: an unknown stage, a bad value or an impossible order. The message names the token and lists the stages; faces report it as a usage
 * error (exit 2 on the command line, 400 over HTTP).
 */
public final class PipelineSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String token;

    public PipelineSpecException(String token, String problem) {
        super("pipeline stage '" + token + "': " + problem + " (stages: " + StageKind.vocabulary() + ")");
        this.token = token;
    }

    /** The spec token at fault. */
    public String token() {
        return token;
    }
}
