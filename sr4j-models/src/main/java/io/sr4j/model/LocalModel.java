package io.sr4j.model;

import java.nio.file.Path;
import java.util.List;

/**
 * A model whose files are installed in a {@link ModelStore}.
 *
 * @param info  the catalogue entry
 * @param files the installed files, in the order of {@code info.files()}; empty for builtin models
 */
public record LocalModel(ModelInfo info, List<Path> files) {
    public LocalModel {
        if (info == null) {
            throw new IllegalArgumentException("model info is missing");
        }
        files = List.copyOf(files);
        if (files.size() != info.files().size()) {
            throw new IllegalArgumentException("model '" + info.id() + "' has " + info.files().size()
                    + " files, got " + files.size() + " paths");
        }
    }

    /** The installed file with this role; IllegalArgumentException if the model has none. */
    public Path file(FileRole role) {
        for (int i = 0; i < files.size(); i++) {
            if (info.files().get(i).role() == role) {
                return files.get(i);
            }
        }
        throw new IllegalArgumentException("model '" + info.id() + "' has no " + role.code() + " file");
    }
}
