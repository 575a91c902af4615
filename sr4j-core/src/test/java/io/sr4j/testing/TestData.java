package io.sr4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the real photos that {@code scripts/fetch-test-data.sh} caches from Debian packages.
 * A missing file is a test failure with instructions, never a silent skip.
 */
public final class TestData {
    private TestData() {
    }

    /** The cache root: system property {@code sr4j.testdata}, else {@code ~/.cache/sr4j/testdata}. */
    public static Path root() {
        String configured = System.getProperty("sr4j.testdata");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "sr4j", "testdata");
    }

    /** A photo from scikit-image's sample data (Debian package python3-skimage), e.g. "astronaut.png". */
    public static Path skimage(String name) {
        return require(root().resolve("skimage").resolve(name));
    }

    /** A drawing or painting from the game art of the Debian package pingus-data, e.g. "story1.png". */
    public static Path pingus(String name) {
        return require(root().resolve("pingus").resolve(name));
    }

    /**
     * A real ICC profile from the Debian packages icc-profiles-free and colord-data, e.g.
     * "AdobeRGB1998.icc", "ProPhotoRGB.icc", "Gray.icc", "sRGB.icc".
     */
    public static Path iccProfile(String name) {
        return require(root().resolve("icc").resolve(name));
    }

    private static Path require(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("test photo " + file + " is missing: run scripts/fetch-test-data.sh"
                    + " (or ./run-tests, which calls it) to fetch the test photos from Debian packages");
        }
        return file;
    }
}
