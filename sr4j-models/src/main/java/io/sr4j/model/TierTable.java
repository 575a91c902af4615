package io.sr4j.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The measured table behind {@code --quality}: what each {@link QualityTier} runs per kind of
 * picture and scale, with the candidates it was chosen from. The shipped table
 * ({@code /io/sr4j/model/tiers.json}) is written by {@code tools/quality/build-tiers.sh} from
 * {@code sr4j eval} runs and {@link TierSelection}; nothing in it is edited by hand.
 *
 * @param measuredWith how the figures were made (the command, the sets, the machine)
 * @param candidates   every pipeline measured
 * @param tiers        the choices, {@link TierSelection#select} of the candidates
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TierTable(String measuredWith, List<TierCandidate> candidates, List<TierEntry> tiers) {
    private static final String RESOURCE = "/io/sr4j/model/tiers.json";

    public TierTable {
        Objects.requireNonNull(measuredWith, "measuredWith");
        candidates = List.copyOf(candidates);
        tiers = List.copyOf(tiers);
    }

    /** A table whose tiers are chosen from {@code candidates} by {@link TierSelection}. */
    public static TierTable of(String measuredWith, List<TierCandidate> candidates) {
        return new TierTable(measuredWith, candidates, TierSelection.select(candidates));
    }

    /** The table shipped with sr4j (read once). */
    public static TierTable standard() {
        return Standard.TABLE;
    }

    /** Reads a table document; IllegalArgumentException names what is wrong. */
    public static TierTable read(InputStream json, String origin) throws IOException {
        try {
            return mapper().readValue(json, TierTable.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(origin + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The document, as {@link #read} reads it. */
    public String toJson() {
        try {
            return mapper().writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What {@code tier} runs to enlarge a {@code domain} picture by {@code scale}: the entry of the
     * smallest measured scale at or above it (its last stage then reaches the size asked), else of
     * the largest. Domains without entries of their own (video) use the photo entries.
     */
    public Optional<TierEntry> choose(QualityTier tier, Domain domain, double scale) {
        List<TierEntry> own = entriesOf(tier, domain);
        List<TierEntry> of = own.isEmpty() && domain != Domain.PHOTO ? entriesOf(tier, Domain.PHOTO) : own;
        Optional<TierEntry> reaching = of.stream().filter(e -> e.scale() >= scale - 1e-9)
                .min(Comparator.comparingInt(TierEntry::scale));
        return reaching.or(() -> of.stream().max(Comparator.comparingInt(TierEntry::scale)));
    }

    private List<TierEntry> entriesOf(QualityTier tier, Domain domain) {
        return tiers.stream().filter(e -> e.tier() == tier && e.domain() == domain).toList();
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static final class Standard {
        static final TierTable TABLE = load();

        private static TierTable load() {
            try (InputStream in = TierTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("sr4j is missing its tier table " + RESOURCE);
                }
                return read(in, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
