package io.sr4j.engine.pytorch;

import java.util.List;

/** A pickled tuple (kept apart from lists: persistent ids and call arguments must be tuples). */
record Tuple(List<Object> items) {
    int size() {
        return items.size();
    }

    Object get(int i) {
        return items.get(i);
    }
}
