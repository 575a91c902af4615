package io.sr4j.quality;

import java.util.List;

/** Area under the ROC curve, as the Mann-Whitney statistic. */
final class Roc {
    private Roc() {
    }

    /**
     * The probability that a random positive scores higher than a random negative (ties count half):
     * 1 separates perfectly, 0.5 is chance.
     */
    static double auc(List<Double> positives, List<Double> negatives) {
        if (positives.isEmpty() || negatives.isEmpty()) {
            throw new IllegalArgumentException("need positives and negatives, got " + positives.size() + " and "
                    + negatives.size());
        }
        double wins = 0;
        for (double p : positives) {
            for (double n : negatives) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return wins / ((double) positives.size() * negatives.size());
    }
}
