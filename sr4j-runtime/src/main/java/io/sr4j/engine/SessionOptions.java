package io.sr4j.engine;

import java.util.Objects;

/**
 * How a session runs its model.
 *
 * @param intraOpThreads threads one operator may use (≥ 1)
 * @param optimization   graph rewriting allowed before running
 * @param provider       where operators run
 */
public record SessionOptions(int intraOpThreads, GraphOptimization optimization, ExecutionProvider provider) {
    public SessionOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + intraOpThreads);
        }
        Objects.requireNonNull(optimization, "optimization");
        Objects.requireNonNull(provider, "provider");
    }

    /** One thread per available processor, optimisation {@link GraphOptimization#ALL}, CPU. */
    public static SessionOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public SessionOptions withIntraOpThreads(int threads) {
        return new SessionOptions(threads, optimization, provider);
    }

    /** Builder for {@link SessionOptions}; unset values take the {@link #defaults()}. */
    public static final class Builder {
        private int intraOpThreads = Runtime.getRuntime().availableProcessors();
        private GraphOptimization optimization = GraphOptimization.ALL;
        private ExecutionProvider provider = ExecutionProvider.cpu();

        private Builder() {
        }

        public Builder intraOpThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("intra-op threads must be >= 1, got " + threads);
            }
            this.intraOpThreads = threads;
            return this;
        }

        public Builder optimization(GraphOptimization level) {
            this.optimization = Objects.requireNonNull(level, "level");
            return this;
        }

        public Builder provider(ExecutionProvider executionProvider) {
            this.provider = Objects.requireNonNull(executionProvider, "executionProvider");
            return this;
        }

        public SessionOptions build() {
            return new SessionOptions(intraOpThreads, optimization, provider);
        }
    }
}
