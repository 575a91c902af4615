package io.sr4j.model;

import java.util.List;

/**
 * The result of checking a model's installed files against the catalogue.
 *
 * @param modelId  the model checked
 * @param problems one readable line per missing file, wrong size or wrong SHA-256; empty if all is well
 */
public record Verification(String modelId, List<String> problems) {
    public Verification {
        problems = List.copyOf(problems);
    }

    /** True if every file is present with the catalogued size and SHA-256. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
