package io.sr4j.diffusion;

/**
 * The range a clean sample x₀ can take per value (its planar index), to which the sampler clips its
 * estimate x̂₀ at every step: early estimates from nearly pure noise are divided by a tiny √ᾱ and
 * would otherwise throw the trajectory far outside the data.
 */
public interface SampleBounds {
    /** No clipping. */
    SampleBounds NONE = new SampleBounds() {
        @Override
        public double lower(int index) {
            return Double.NEGATIVE_INFINITY;
        }

        @Override
        public double upper(int index) {
            return Double.POSITIVE_INFINITY;
        }
    };

    double lower(int index);

    double upper(int index);
}
