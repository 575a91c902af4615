package io.sr4j.spark;

import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.stream.IntStream;

/**
 * Spreads images over partitions so that every partition has about the same number of pixels to
 * enlarge, which is what the work costs: the network's time is proportional to the pixels, not to
 * the number of files. Largest first, each onto the partition with the fewest pixels so far
 * (Graham's LPT rule: within 4/3 of the best possible longest partition).
 */
final class PixelBalancer {
    /**
     * What an image costs at least: an unreadable or tiny file still takes a task some time (open,
     * decode, write, manifest row); counted as a 256×256 image.
     */
    static final long MIN_COST = 256 * 256;

    private PixelBalancer() {
    }

    /**
     * The partition of each image.
     *
     * @param pixels     pixels of each image (0 when unknown, e.g. an unreadable header)
     * @param partitions how many partitions to fill
     * @return for image {@code i}, its partition in {@code [0, partitions)}
     */
    static int[] assign(long[] pixels, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        Integer[] order = IntStream.range(0, pixels.length).boxed().toArray(Integer[]::new);
        // Largest first; ties by index so the assignment is the same on every run (retries recompute it).
        Arrays.sort(order, Comparator.<Integer>comparingLong(i -> -cost(pixels[i])).thenComparingInt(i -> i));
        long[] load = new long[partitions];
        PriorityQueue<Integer> lightest = new PriorityQueue<>(
                Comparator.<Integer>comparingLong(p -> load[p]).thenComparingInt(p -> p));
        for (int p = 0; p < partitions; p++) {
            lightest.add(p);
        }
        int[] assignment = new int[pixels.length];
        for (int i : order) {
            int p = lightest.poll();
            assignment[i] = p;
            load[p] += cost(pixels[i]);
            lightest.add(p);
        }
        return assignment;
    }

    static long cost(long pixels) {
        return Math.max(pixels, MIN_COST);
    }
}
