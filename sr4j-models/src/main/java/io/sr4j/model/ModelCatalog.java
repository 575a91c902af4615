package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The models sr4j knows, read from a JSON document (the standard one is the resource
 * {@code io/sr4j/model/catalog.json}). The document is validated when read: ids unique, scales and noise
 * levels in range, SHA-256 values well-formed, each ncnn model with its {@code .param} and {@code .bin},
 * every source package described. Immutable and safe to share.
 */
public final class ModelCatalog {
    /** The catalogue document version this class reads. */
    public static final int FORMAT_VERSION = 1;
    private static final String RESOURCE = "catalog.json";

    private final List<NpmPackage> packages;
    private final Map<String, ModelInfo> models;
    private final Map<PackageRef, NpmPackage> packagesBySpec;

    private ModelCatalog(List<NpmPackage> packages, List<ModelInfo> models, String origin) {
        this.packages = List.copyOf(packages);
        this.packagesBySpec = new HashMap<>();
        for (NpmPackage p : this.packages) {
            if (packagesBySpec.put(p.spec(), p) != null) {
                throw new IllegalArgumentException(origin + ": package " + p.spec() + " is described twice");
            }
        }
        Map<String, ModelInfo> byId = new LinkedHashMap<>();
        // The same tarball entry may serve several models, but then it must be described identically.
        Map<String, ModelFile> entries = new HashMap<>();
        for (ModelInfo m : models) {
            if (m == null) {
                throw new IllegalArgumentException(origin + ": the model list has an empty entry");
            }
            if (byId.put(m.id(), m) != null) {
                throw new IllegalArgumentException(origin + ": model id '" + m.id() + "' appears twice");
            }
            if (m.source() != null && !packagesBySpec.containsKey(m.source())) {
                throw new IllegalArgumentException(origin + ": model '" + m.id() + "' comes from package "
                        + m.source() + ", which the catalogue's package list does not describe");
            }
            for (ModelFile f : m.files()) {
                ModelFile previous = entries.putIfAbsent(m.source() + " " + f.path(), f);
                if (previous != null && (previous.size() != f.size() || !previous.sha256().equals(f.sha256()))) {
                    throw new IllegalArgumentException(origin + ": " + f.path() + " of " + m.source()
                            + " is described with two different sizes or hashes");
                }
            }
        }
        this.models = byId;
    }

    /** The catalogue shipped with sr4j (loaded once). */
    public static ModelCatalog standard() {
        return Standard.CATALOG;
    }

    /** Reads and validates a catalogue document; IllegalArgumentException names what is wrong. */
    public static ModelCatalog read(InputStream json, String origin) throws IOException {
        ObjectMapper mapper = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Document doc;
        try {
            doc = mapper.readValue(json, Document.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(origin + ": " + describe(e), e);
        }
        if (doc.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException(origin + ": formatVersion " + doc.formatVersion()
                    + " is not supported (this sr4j reads " + FORMAT_VERSION + ")");
        }
        return new ModelCatalog(orEmpty(doc.packages()), orEmpty(doc.models()), origin);
    }

    /** Reads and validates a catalogue file. */
    public static ModelCatalog read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** All models, in catalogue order. */
    public List<ModelInfo> models() {
        return List.copyOf(models.values());
    }

    /** All model ids, in catalogue order. */
    public List<String> ids() {
        return List.copyOf(models.keySet());
    }

    /** The packages models are taken from. */
    public List<NpmPackage> packages() {
        return packages;
    }

    /** The model with this id, if known. */
    public Optional<ModelInfo> find(String id) {
        return Optional.ofNullable(id == null ? null : models.get(id));
    }

    /** The model with this id; {@link ModelNotFoundException} with suggestions if unknown. */
    public ModelInfo get(String id) {
        ModelInfo m = id == null ? null : models.get(id);
        if (m == null) {
            throw new ModelNotFoundException(String.valueOf(id), suggest(String.valueOf(id), 3));
        }
        return m;
    }

    /** The description of a package that models of this catalogue come from. */
    public NpmPackage npmPackage(PackageRef spec) {
        NpmPackage p = packagesBySpec.get(spec);
        if (p == null) {
            throw new IllegalArgumentException("the catalogue describes no package " + spec);
        }
        return p;
    }

    /** The models of one family, in catalogue order. */
    public List<ModelInfo> byFamily(ModelFamily family) {
        List<ModelInfo> out = new ArrayList<>();
        for (ModelInfo m : models.values()) {
            if (m.family() == family) {
                out.add(m);
            }
        }
        return out;
    }

    /** The model of a family with this native scale and noise level, if the catalogue has one. */
    public Optional<ModelInfo> select(ModelFamily family, int scale, int noise) {
        for (ModelInfo m : models.values()) {
            if (m.family() == family && m.scale() == scale && m.noise() == noise) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * Up to {@code max} known ids close to {@code id}, closest first: ids that contain it or that it
     * contains, then by edit distance (ids too different to be a typo are left out).
     */
    public List<String> suggest(String id, int max) {
        String query = id.toLowerCase(Locale.ROOT).trim();
        record Scored(String id, boolean related, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String known : models.keySet()) {
            boolean related = !query.isEmpty() && (known.contains(query) || query.contains(known));
            int distance = editDistance(query, known);
            if (related || distance <= Math.max(2, known.length() / 3)) {
                scored.add(new Scored(known, related, distance));
            }
        }
        scored.sort(Comparator.comparing((Scored s) -> !s.related()).thenComparingInt(Scored::distance));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < scored.size() && i < max; i++) {
            out.add(scored.get(i).id());
        }
        return out;
    }

    /** Levenshtein distance (insertions, deletions, substitutions each cost 1). */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static String describe(JsonMappingException e) {
        // Our records throw IllegalArgumentException with a readable message; Jackson wraps it.
        Throwable cause = e.getCause();
        String what = cause instanceof IllegalArgumentException ? cause.getMessage() : e.getOriginalMessage();
        return what + " (at " + e.getPathReference() + ")";
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** The JSON document's top level. */
    record Document(
            @JsonProperty(required = true) int formatVersion,
            @JsonProperty(required = true) List<NpmPackage> packages,
            @JsonProperty(required = true) List<ModelInfo> models) {
    }

    private static final class Standard {
        static final ModelCatalog CATALOG = load();

        private static ModelCatalog load() {
            try (InputStream in = ModelCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource io/sr4j/model/" + RESOURCE + " is missing from the jar");
                }
                return read(in, "io/sr4j/model/" + RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the model catalogue resource", e);
            }
        }
    }
}
