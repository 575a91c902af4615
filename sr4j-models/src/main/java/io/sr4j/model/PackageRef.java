package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * An npm package pinned to one exact version, written {@code name@version} (scoped names such as
 * {@code @upscalerjs/esrgan-slim@1.0.0} included).
 *
 * @param name    the package name, lower case, optionally {@code @scope/}-prefixed
 * @param version an exact semantic version (no ranges or tags: the catalogue's hashes hold for one version)
 */
public record PackageRef(String name, String version) {
    // npm's own rules: URL-safe lower-case characters, must not start with '.' or '_' (nor '-', which
    // would also read as an option on the npm command line).
    private static final Pattern NAME = Pattern.compile("(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*");
    private static final Pattern VERSION =
            Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?");
    private static final int MAX_NAME_LENGTH = 214;

    public PackageRef {
        if (name == null || name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid npm package name: " + name);
        }
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException(
                    "npm package " + name + " needs an exact version like 1.2.3, got " + version);
        }
    }

    /** Parses {@code name@version}; the version separator is the last '@' that is not the scope's. */
    @JsonCreator
    public static PackageRef parse(String spec) {
        if (spec == null) {
            throw new IllegalArgumentException("package spec is missing");
        }
        int at = spec.lastIndexOf('@');
        if (at <= 0) {
            throw new IllegalArgumentException("package spec must be name@version, got " + spec);
        }
        return new PackageRef(spec.substring(0, at), spec.substring(at + 1));
    }

    /** {@code name@version}, as {@code npm pack} takes it. */
    @JsonValue
    public String spec() {
        return name + "@" + version;
    }

    /** A file-name-safe stem, the one {@code npm pack} uses: {@code @scope/name} → {@code scope-name-version}. */
    public String fileStem() {
        String plain = name.startsWith("@") ? name.substring(1) : name;
        return plain.replace('/', '-') + "-" + version;
    }

    @Override
    public String toString() {
        return spec();
    }
}
