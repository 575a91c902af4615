package io.sr4j.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sr4j.image.PlanarImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** PQ, HLG, the gamut matrix and the inverse tone mapping against values from the standards. */
class HdrColourTest {
    @Test
    void pqMatchesSt2084sSpotValues() {
        assertThat(Pq.fromNits(100)).isCloseTo(0.508, within(5e-4));
        assertThat(Pq.fromNits(203)).isCloseTo(0.581, within(5e-4));
        assertThat(Pq.fromNits(1000)).isCloseTo(0.752, within(5e-4));
        assertThat(Pq.fromNits(10000)).isCloseTo(1.0, within(1e-12));
        assertThat(Pq.fromNits(0)).isCloseTo(0.0, within(1e-6));
        for (double nits : new double[] {0.01, 1, 48, 203, 600, 1000, 4000}) {
            assertThat(Pq.toNits(Pq.fromNits(nits))).isCloseTo(nits, within(nits * 1e-9));
        }
    }

    @Test
    void hlgOetfMeetsBt2100AndReferenceWhiteShowsAt203Nits() {
        assertThat(Hlg.oetf(1.0 / 12)).isCloseTo(0.5, within(1e-12));
        assertThat(Hlg.oetf(1)).isCloseTo(1.0, within(1e-7));
        // The two pieces meet with the same value either side of 1/12.
        assertThat(Hlg.oetf(1.0 / 12 + 1e-9)).isCloseTo(0.5, within(1e-6));
        for (double e : new double[] {0, 0.01, 1.0 / 12, 0.3, 0.9}) {
            assertThat(Hlg.inverseOetf(Hlg.oetf(e))).isCloseTo(e, within(1e-12));
        }
        assertThat(Hlg.systemGamma(1000)).isEqualTo(1.2);
        // BT.2408: HLG reference white is a 75 % signal, 203 cd/m² on a 1000 cd/m² display.
        double[] grey = {Hlg.inverseOetf(0.75), Hlg.inverseOetf(0.75), Hlg.inverseOetf(0.75)};
        Hlg.sceneToDisplay(grey, 1000);
        assertThat(grey[1]).isCloseTo(203, within(2.03));
        double[] back = grey.clone();
        Hlg.displayToScene(back, 1000);
        assertThat(Hlg.oetf(back[0])).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void bt709ToBt2020KeepsWhiteAndInvertsExactly() {
        double[] white = {1, 1, 1};
        Gamut.bt709ToBt2020(white);
        assertThat(white).containsExactly(new double[] {1, 1, 1}, within(1e-9));
        double[] red = {1, 0, 0};
        Gamut.bt709ToBt2020(red);
        assertThat(red).containsExactly(new double[] {0.6274, 0.0691, 0.0164}, within(1e-12));
        Gamut.bt2020ToBt709(red);
        assertThat(red).containsExactly(new double[] {1, 0, 0}, within(1e-12));
    }

    @Test
    void inverseToneMappingPutsSdrWhiteOnTheReferenceWhiteAndGreyWhereBt2408Does() {
        for (double white : new double[] {100, 203, 300}) {
            InverseToneMapping itm = new InverseToneMapping(white, 1000);
            assertThat(itm.toNits(1)).isCloseTo(white, within(white * 1e-9));
            assertThat(itm.toNits(0.18)).isCloseTo(26.0 / 203 * white, within(1e-9));
            double k = itm.knee();
            assertThat(k).isBetween(0.18, 1.0);
            // Continuous in value and slope at the knee.
            double slopeBelow = (itm.toNits(k) - itm.toNits(k - 1e-6)) / 1e-6;
            double slopeAbove = (itm.toNits(k + 1e-6) - itm.toNits(k)) / 1e-6;
            assertThat(slopeAbove).isCloseTo(slopeBelow, within(slopeBelow * 1e-3));
            double previous = -1;
            for (double s = 0; s <= 1.2; s += 0.01) {
                double nits = itm.toNits(s);
                assertThat(nits).isGreaterThan(previous).isLessThanOrEqualTo(1000);
                if (nits < 1000) {
                    assertThat(itm.toSdr(nits)).isCloseTo(s, within(1e-9));
                }
                previous = nits;
            }
        }
        // Highlights above white expand up to the peak and stop there.
        InverseToneMapping itm = new InverseToneMapping(203, 1000);
        assertThat(itm.toNits(1.09)).isGreaterThan(250);
        assertThat(itm.toNits(5)).isEqualTo(1000);
        assertThatThrownBy(() -> new InverseToneMapping(203, 100)).hasMessageContaining("white ≤ peak");
    }

    @Test
    void sdrWhiteBecomesTheReferenceWhiteSignalAndTheConversionInvertsBelowThePeak() {
        PlanarImage white = new PlanarImage(2, 1, 3, new float[] {1, 1, 1, 1, 1, 1});
        HdrConversion pq = new HdrConversion(HdrFormat.HDR10, new InverseToneMapping(203, 1000), SdrTransfer.SRGB);
        assertThat(pq.toHdr(white).data()[0]).isCloseTo((float) Pq.fromNits(203), within(1e-5f));
        float brightest = 0;
        for (float v : pq.toHdr(white).data()) {
            brightest = Math.max(brightest, v);
        }
        assertThat(Pq.toNits(brightest)).isCloseTo(203, within(0.01)); // MaxCLL of an SDR-white picture
        HdrConversion hlg = new HdrConversion(HdrFormat.HLG, new InverseToneMapping(203, 1000), SdrTransfer.BT1886);
        float hlgWhite = hlg.toHdr(white).data()[0];
        assertThat(hlgWhite).isCloseTo(0.75f, within(0.005f));
        assertThat(hlg.toHdr(white).data()).containsOnly(hlgWhite);

        SplittableRandom random = new SplittableRandom(7);
        PlanarImage photo = new PlanarImage(16, 16, 3);
        for (int i = 0; i < photo.data().length; i++) {
            photo.data()[i] = (float) random.nextDouble();
        }
        for (HdrConversion conversion : new HdrConversion[] {pq, hlg}) {
            PlanarImage back = conversion.toSdr(conversion.toHdr(photo));
            for (int i = 0; i < photo.data().length; i++) {
                assertThat(back.data()[i]).isCloseTo(photo.data()[i], within(1e-4f));
            }
        }
    }

    @Test
    void theTablesForWholeFramesStayWithinATenthOfATenBitStepOfTheExactConversion() {
        SplittableRandom random = new SplittableRandom(11);
        PlanarImage frame = new PlanarImage(64, 64, 3);
        for (int i = 0; i < frame.data().length; i++) {
            // Mostly [0, 1], some overshoot and undershoot as a network gives, some near-black.
            double u = random.nextDouble();
            frame.data()[i] = (float) (u < 0.1 ? u * 0.01 : u < 0.9 ? u : 0.9 + (u - 0.9) * 3 - 0.15);
        }
        for (HdrFormat format : HdrFormat.values()) {
            for (SdrTransfer sdr : SdrTransfer.values()) {
                HdrConversion conversion = new HdrConversion(format, new InverseToneMapping(203, 1000), sdr);
                PlanarImage fast = conversion.toHdr(frame);
                PlanarImage exact = conversion.toHdrExact(frame);
                for (int i = 0; i < fast.data().length; i++) {
                    assertThat(fast.data()[i]).as("%s %s sample %d", format, sdr, i)
                            .isCloseTo(exact.data()[i], within(1e-4f));
                }
            }
        }
    }

    @Test
    void lightLevelsCombineAsMaxima() {
        ContentLightLevel a = new ContentLightLevel(800.2, 120);
        ContentLightLevel b = new ContentLightLevel(640, 190.5);
        assertThat(a.combine(b)).isEqualTo(new ContentLightLevel(800.2, 190.5));
        assertThat(a.combine(b).maxCllNits()).isEqualTo(801);
        assertThat(ContentLightLevel.NONE.combine(a)).isEqualTo(a);
    }
}
