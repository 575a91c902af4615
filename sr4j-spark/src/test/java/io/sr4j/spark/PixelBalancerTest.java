package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PixelBalancerTest {
    @Test
    void oneHugeImageGetsAPartitionOfItsOwnAndTheRestShareTheOthers() {
        long[] pixels = {24_000_000, 500_000, 500_000, 500_000, 500_000, 500_000, 500_000};
        int[] a = PixelBalancer.assign(pixels, 2);
        for (int i = 1; i < pixels.length; i++) {
            assertThat(a[i]).as("image %d", i).isNotEqualTo(a[0]);
        }
    }

    @Test
    void loadsAreEvenWhereFileCountsWouldNotBe() {
        Random random = new Random(7);
        long[] pixels = new long[500];
        for (int i = 0; i < pixels.length; i++) {
            // Mostly thumbnails, a few very large scans: splitting by count would be far off.
            pixels[i] = random.nextInt(10) == 0 ? 4_000_000L + random.nextInt(20_000_000) : 100_000 + random.nextInt(400_000);
        }
        int partitions = 6;
        long[] load = loads(pixels, PixelBalancer.assign(pixels, partitions), partitions);
        long max = Arrays.stream(load).max().orElseThrow();
        long total = Arrays.stream(load).sum();
        long largest = Arrays.stream(pixels).max().orElseThrow();
        // LPT: the longest partition is at most the mean plus one image.
        assertThat(max).isLessThanOrEqualTo(total / partitions + largest);
        assertThat((double) max / ((double) total / partitions)).isLessThan(1.15);
    }

    @Test
    void sameInputSameAssignmentEveryPartitionInRange() {
        long[] pixels = {5, 0, 70_000, 70_000, 1_000_000, 3, 0};
        int[] a = PixelBalancer.assign(pixels, 3);
        assertThat(PixelBalancer.assign(pixels, 3)).containsExactly(a);
        assertThat(Arrays.stream(a).boxed()).allSatisfy(p -> assertThat(p).isBetween(0, 2));
        assertThatThrownBy(() -> PixelBalancer.assign(pixels, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long[] loads(long[] pixels, int[] assignment, int partitions) {
        long[] load = new long[partitions];
        for (int i = 0; i < pixels.length; i++) {
            load[assignment[i]] += PixelBalancer.cost(pixels[i]);
        }
        return load;
    }
}
