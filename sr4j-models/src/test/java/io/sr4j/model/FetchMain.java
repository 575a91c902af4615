package io.sr4j.model;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Runs one fetch in its own JVM, for the tests of concurrent and interrupted fetches across processes. */
public final class FetchMain {
    private FetchMain() {
    }

    /** Arguments: store root, catalogue file, npm command, model ids. Exit 0 on success, 1 on failure. */
    public static void main(String[] args) throws Exception {
        ModelStore store = ModelStore.builder()
                .root(Path.of(args[0]))
                .catalog(ModelCatalog.read(Path.of(args[1])))
                .npmCommand(List.of(args[2]))
                .build();
        try {
            store.fetchAll(Arrays.asList(args).subList(3, args.length), text -> System.out.println("[fetch] " + text));
        } catch (ModelFetchException e) {
            System.out.println("[failed] " + e.getMessage());
            System.exit(1);
        }
    }
}
