package io.sr4j.cli;

import io.sr4j.upscale.Upscaler;

/**
 * Builds the command's {@link Upscaler} on first use and keeps it for every later image: the model
 * is fetched, converted and loaded once per run, and not at all when every input fails to decode.
 */
final class LazyUpscaler implements AutoCloseable {
    private final Upscaler.Builder builder;
    private final ConsoleFetchListener fetchListener;
    private Upscaler upscaler;

    LazyUpscaler(Upscaler.Builder builder, ConsoleFetchListener fetchListener) {
        this.builder = builder;
        this.fetchListener = fetchListener;
    }

    Upscaler get() {
        if (upscaler == null) {
            upscaler = builder.build();
            fetchListener.endProgressLine();
        }
        return upscaler;
    }

    @Override
    public void close() {
        if (upscaler != null) {
            upscaler.close();
        }
    }
}
