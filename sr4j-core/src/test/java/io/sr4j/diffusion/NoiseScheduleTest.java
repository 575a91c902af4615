package io.sr4j.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {
    @Test
    void cosineFallsFromOneToNearlyZero() {
        NoiseSchedule s = NoiseSchedule.cosine(1000);
        assertEquals(1.0, s.alphaBar(0));
        // f(1)/f(0) for the cosine schedule with s = 0.008: cos²(π/2·(0.001+0.008)/1.008)/cos²(π/2·0.008/1.008)
        double expected = Math.pow(Math.cos(Math.PI / 2 * 0.009 / 1.008), 2)
                / Math.pow(Math.cos(Math.PI / 2 * 0.008 / 1.008), 2);
        assertEquals(expected, s.alphaBar(1), 1e-12);
        assertTrue(s.alphaBar(1000) < 1e-4, "ᾱ(T) " + s.alphaBar(1000));
        for (int t = 1; t <= 1000; t++) {
            assertTrue(s.alphaBar(t) < s.alphaBar(t - 1), "not decreasing at " + t);
        }
        // halfway, the cosine schedule keeps about half the signal power
        assertEquals(0.5, s.alphaBar(500), 0.03);
    }

    @Test
    void linearMatchesTheProductOfOneMinusBeta() {
        NoiseSchedule s = NoiseSchedule.linear(1000, 1e-4, 0.02);
        assertEquals(1 - 1e-4, s.alphaBar(1), 1e-15);
        assertEquals((1 - 1e-4) * (1 - (1e-4 + (0.02 - 1e-4) / 999)), s.alphaBar(2), 1e-15);
        assertEquals(4.0358e-5, s.alphaBar(1000), 1e-6); // DDPM's ᾱ_T
    }

    @Test
    void namesRoundTrip() {
        NoiseSchedule linear = NoiseSchedule.linear(200, 1e-4, 0.02);
        NoiseSchedule back = NoiseSchedule.parse(linear.name(), 200);
        assertEquals(linear.alphaBar(150), back.alphaBar(150));
        assertEquals("cosine", NoiseSchedule.parse("Cosine", 10).name());
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.parse("sigmoid", 10));
        assertThrows(IllegalArgumentException.class, () -> NoiseSchedule.parse("linear:a:b", 10));
    }

    @Test
    void respacingStartsAtTAndStaysAboveZero() {
        NoiseSchedule s = NoiseSchedule.cosine(1000);
        assertArrayEquals(new int[] {1000, 750, 500, 250}, s.respaced(4));
        assertArrayEquals(new int[] {1000}, s.respaced(1));
        int[] all = s.respaced(1000);
        assertEquals(1000, all[0]);
        assertEquals(1, all[999]);
        assertThrows(IllegalArgumentException.class, () -> s.respaced(0));
        assertThrows(IllegalArgumentException.class, () -> s.respaced(1001));
        assertThrows(IllegalArgumentException.class, () -> s.alphaBar(1001));
    }
}
