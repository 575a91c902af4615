package io.sr4j.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * With {@code --api-key}, every request needs {@code Authorization: Bearer <key>}, except
 * {@code /health} (for load balancers) and the web page's own files, which hold no data: the page
 * asks for the key and sends it with each API call. CORS preflights carry no credentials by design
 * and are answered without one.
 */
final class ApiKeyCheck {
    static final Set<String> PUBLIC_PATHS = Set.of("/health", "/", "/index.html", "/app.js", "/app.css");

    private final byte[] expected;

    ApiKeyCheck(String apiKey) {
        this.expected = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    }

    void check(Context ctx) {
        if (ctx.method().name().equals("OPTIONS") || PUBLIC_PATHS.contains(ctx.path())) {
            return;
        }
        String given = ctx.header("Authorization");
        // Constant-time comparison: the time taken tells nothing about how much of the key matched.
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiError(401, "unauthorized", given == null
                    ? "this server needs an API key: send 'Authorization: Bearer <key>'"
                    : "the API key is not valid");
        }
    }
}
