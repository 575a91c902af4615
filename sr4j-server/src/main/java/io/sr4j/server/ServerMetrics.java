package io.sr4j.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What {@code GET /metrics} shows, in Prometheus' text format: queue length and running work, jobs
 * by state, megapixels processed, request and work latency histograms, refusals, JVM memory.
 */
final class ServerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter megapixels;

    ServerMetrics() {
        megapixels = Counter.builder("sr4j.processed.megapixels").description("Input megapixels enlarged")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
    }

    /** Registers the gauges that read the queue. */
    void watch(WorkQueue queue) {
        Gauge.builder("sr4j.queue.waiting", queue, WorkQueue::waiting).description("Work items waiting for a worker")
                .register(registry);
        Gauge.builder("sr4j.queue.running", queue, WorkQueue::running).description("Work items running")
                .register(registry);
        Gauge.builder("sr4j.queue.capacity", queue, WorkQueue::capacity).description("Places in the queue")
                .register(registry);
    }

    /** Registers a gauge of the jobs in {@code state}. */
    void watchJobs(String state, Supplier<Number> count) {
        Gauge.builder("sr4j.jobs", count).tag("state", state).description("Jobs by state").register(registry);
    }

    void processed(long pixels) {
        megapixels.increment(pixels / 1e6);
    }

    /** One HTTP request: its route (as registered, not the raw path), method, status and duration. */
    void request(String route, String method, int status, Duration took) {
        Timer.builder("sr4j.http.requests").tag("route", route).tag("method", method)
                .tag("status", Integer.toString(status)).publishPercentileHistogram()
                .description("HTTP requests").register(registry).record(took);
    }

    /** One piece of image work (sync or job) from start to end; {@code outcome}: ok, failed, cancelled… */
    void work(String kind, String outcome, Duration took) {
        Timer.builder("sr4j.work").tag("kind", kind).tag("outcome", outcome).publishPercentileHistogram()
                .description("Image work on a worker").register(registry).record(took);
    }

    /** A request refused for a full queue or a stopping server. */
    void refused(String code) {
        Counter.builder("sr4j.refused").tag("code", code).description("Requests refused with 503")
                .register(registry).increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
