package io.sr4j.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule that turns measured candidates into tiers, per kind of picture and scale, so that the
 * table is generated rather than edited by hand:
 *
 * <ul>
 *   <li>{@code fast}: the cheapest network (classical filters are the baseline, not a tier);</li>
 *   <li>{@code balanced}: the highest PSNR among networks costing at most {@link #BALANCED_COST}
 *       times the fast tier's time;</li>
 *   <li>{@code best}: the highest PSNR, whatever it costs.</li>
 * </ul>
 * Each choice is on the Pareto front of cost against PSNR (nothing both cheaper and better
 * exists). Ties on PSNR go to the cheaper candidate, ties on cost to the better one. Gains are
 * counted over bicubic, the SR papers' baseline, when it was measured (else the best classical
 * filter).
 */
public final class TierSelection {
    /** How many times the fast tier's time the balanced tier may take. */
    public static final double BALANCED_COST = 2.0;

    private TierSelection() {
    }

    /** The tiers of every domain and scale the candidates cover, in a stable order. */
    public static List<TierEntry> select(List<TierCandidate> candidates) {
        Map<String, List<TierCandidate>> groups = new LinkedHashMap<>();
        candidates.stream()
                .sorted(Comparator.comparing((TierCandidate c) -> c.domain().ordinal()).thenComparingInt(TierCandidate::scale))
                .forEach(c -> groups.computeIfAbsent(c.domain().code() + "x" + c.scale(), k -> new ArrayList<>()).add(c));
        List<TierEntry> entries = new ArrayList<>();
        for (List<TierCandidate> group : groups.values()) {
            List<TierCandidate> classical = group.stream().filter(TierCandidate::classical).toList();
            Optional<TierCandidate> baseline = classical.stream().filter(c -> c.pipeline().endsWith(":bicubic"))
                    .findFirst().or(() -> classical.stream().max(Comparator.comparingDouble(TierCandidate::psnr)));
            List<TierCandidate> networks = group.stream().filter(c -> !c.classical()).toList();
            if (networks.isEmpty()) {
                continue;
            }
            Comparator<TierCandidate> better = Comparator.comparingDouble(TierCandidate::psnr)
                    .thenComparing(Comparator.comparingDouble(TierCandidate::secondsPerMpx).reversed());
            TierCandidate fast = networks.stream().min(Comparator.comparingDouble(TierCandidate::secondsPerMpx)
                    .thenComparing(better.reversed())).orElseThrow();
            TierCandidate balanced = networks.stream()
                    .filter(c -> c.secondsPerMpx() <= BALANCED_COST * fast.secondsPerMpx())
                    .max(better).orElse(fast);
            TierCandidate best = networks.stream().max(better).orElseThrow();
            entries.add(entry(QualityTier.FAST, fast, baseline));
            entries.add(entry(QualityTier.BALANCED, balanced, baseline));
            entries.add(entry(QualityTier.BEST, best, baseline));
        }
        return entries;
    }

    private static TierEntry entry(QualityTier tier, TierCandidate c, Optional<TierCandidate> baseline) {
        return new TierEntry(tier, c.domain(), c.scale(), c.pipeline(), c.psnr(), c.ssim(),
                baseline.map(b -> c.psnr() - b.psnr()).orElse(Double.NaN), c.secondsPerMpx());
    }
}
