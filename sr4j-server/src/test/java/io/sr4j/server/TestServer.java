package io.sr4j.server;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.model.ModelStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A server on a random loopback port with its own jobs directory, the machine's model store (as
 * the command line uses: models are fetched once per machine), and a real HTTP client.
 */
final class TestServer implements AutoCloseable {
    final Sr4jServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestServer(Sr4jServer server) {
        this.server = server;
    }

    static ModelStore store() {
        return ModelStore.builder().root(ModelStore.defaultRoot()).build();
    }

    /** Starts a server; {@code settings} adjusts the test defaults (port 0, 1 worker, 2 threads). */
    static TestServer start(Path jobsDir, Consumer<ServerConfig.Builder> settings) {
        ServerConfig.Builder builder = ServerConfig.builder().port(0).jobsDir(jobsDir).store(store()).workers(1)
                .threads(2).defaultModel("bicubic");
        settings.accept(builder);
        return new TestServer(new Sr4jServer(builder.build()).start());
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofMinutes(2));
    }

    HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<byte[]> get(String pathAndQuery) {
        return send(request(pathAndQuery).GET().build());
    }

    HttpResponse<byte[]> delete(String pathAndQuery) {
        return send(request(pathAndQuery).DELETE().build());
    }

    HttpResponse<byte[]> post(String pathAndQuery, byte[] body) {
        return send(request(pathAndQuery).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** A multipart/form-data POST with the image as part {@code file} and text fields. */
    HttpResponse<byte[]> postMultipart(String path, String fileName, byte[] file, String... fields) {
        String boundary = "sr4jtestboundary" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                    + fields[i + 1] + "\r\n");
        }
        if (file != null) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(file);
            write(body, "\r\n");
        }
        write(body, "--" + boundary + "--\r\n");
        return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** A smooth colour gradient of the given size, as PNG bytes. */
    static byte[] gradientPng(int width, int height) {
        PlanarImage rgb = new PlanarImage(width, height, 3);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                rgb.set(0, x, y, x / (float) width);
                rgb.set(1, x, y, y / (float) height);
                rgb.set(2, x, y, 0.5f + 0.4f * (float) Math.sin((x + y) * 0.2));
            }
        }
        return ImageEncoder.builder().format(ImageFormat.PNG).build().encode(Picture.of(rgb));
    }

    static Picture decode(HttpResponse<byte[]> response) {
        return new ImageDecoder().decode(response.body(), "response");
    }

    @Override
    public void close() {
        server.close();
    }
}
