package io.sr4j.model;

import io.sr4j.Sr4jException;
import java.util.List;

/** A model id that the catalogue does not know. The message suggests the closest known ids. */
public class ModelNotFoundException extends Sr4jException {
    private final String modelId;
    private final List<String> suggestions;

    public ModelNotFoundException(String modelId, List<String> suggestions) {
        super(message(modelId, suggestions));
        this.modelId = modelId;
        this.suggestions = List.copyOf(suggestions);
    }

    /** A model named by something other than an id (a file that is not there): {@code message} says what. */
    public ModelNotFoundException(String modelId, String message) {
        super(message);
        this.modelId = modelId;
        this.suggestions = List.of();
    }

    /** The id that was asked for. */
    public String modelId() {
        return modelId;
    }

    /** Known ids close to the one asked for, closest first; may be empty. */
    public List<String> suggestions() {
        return suggestions;
    }

    private static String message(String modelId, List<String> suggestions) {
        StringBuilder sb = new StringBuilder("unknown model '").append(modelId).append('\'');
        if (!suggestions.isEmpty()) {
            sb.append("; did you mean ").append(String.join(", ", suggestions)).append('?');
        }
        sb.append(" (the model catalogue lists every known id)");
        return sb.toString();
    }
}
