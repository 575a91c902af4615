package io.sr4j.color;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.image.SourceInfo;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.testing.TestData;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Colour conversion with real ICC profiles from Debian's icc-profiles-free and colord-data. */
class IccConversionTest {
    private static byte[] profile(String name) throws IOException {
        return Files.readAllBytes(TestData.iccProfile(name));
    }

    /**
     * Adobe RGB (1998) to sRGB against the published linear matrix derived from both spaces'
     * primaries and their common D65 white (Adobe RGB 1998 spec, IEC 61966-2-1), independent of the
     * profile's D50 tags: pure red, green, blue and a mid colour, unclipped.
     */
    @Test
    void adobeRgbPrimariesLandWhereThePublishedMatrixPutsThem() throws IOException {
        double[][] adobeToSrgb = {{1.39836, -0.39836, 0}, {0, 1, 0}, {0, -0.04293, 1.04293}};
        double gamma = 563.0 / 256;
        double[][] samples = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0.5, 0.3, 0.2}, {0.8, 0.8, 0.8}};
        IccConversion conversion = IccConversion.toSrgb(profile("AdobeRGB1998.icc"));
        for (double[] adobe : samples) {
            PlanarImage px = pixel(adobe);
            conversion.applyRows(px, 0, 1);
            for (int c = 0; c < 3; c++) {
                double linear = 0;
                for (int k = 0; k < 3; k++) {
                    linear += adobeToSrgb[c][k] * Math.pow(adobe[k], gamma);
                }
                double expected = IccConversion.SrgbCurve.fromLinear(linear);
                assertThat((double) px.data()[c]).as("channel %d of %s", c, java.util.Arrays.toString(adobe))
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(3e-3));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"AdobeRGB1998.icc", "ProPhotoRGB.icc", "Rec709.icc", "WideGamutRGB.icc", "Gray.icc",
        "compatibleWithAdobeRGB1998.icc"})
    void intoSrgbAndBackIsTheIdentity(String name) throws IOException {
        byte[] icc = profile(name);
        PlanarImage original = random(32, 16, name.startsWith("Gray"));
        PlanarImage srgb = IccConversion.toSrgb(icc).apply(original);
        PlanarImage back = IccConversion.fromSrgb(icc).apply(srgb);
        assertThat(maxDifference(original, back)).isLessThan(2e-4f);
        if (!IccConversion.isSrgb(icc)) {
            assertThat(maxDifference(original, srgb)).as("conversion changes the numbers").isGreaterThan(0.01f);
        }
    }

    @Test
    void srgbProfilesAreRecognised() throws IOException {
        assertThat(IccConversion.isSrgb(profile("sRGB.icc"))).isTrue();
        assertThat(IccConversion.isSrgb(profile("AdobeRGB1998.icc"))).isFalse();
        assertThat(IccConversion.isSrgb(profile("Gray.icc"))).isFalse();
        assertThat(IccConversion.isSrgb(ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_sRGB).getData())).isTrue();
    }

    /**
     * A real photo converted to Adobe RGB by the JDK's colour engine, written as a 16-bit PNG tagged
     * with the profile, decoded by sr4j and converted to sRGB, matches the original sRGB photo.
     */
    @Test
    void aPhotoTaggedAdobeRgbComesBackAsItsSrgbOriginal() throws IOException {
        byte[] adobe = profile("AdobeRGB1998.icc");
        BufferedImage photo = ImageIO.read(TestData.skimage("astronaut.png").toFile()).getSubimage(150, 50, 96, 64);
        BufferedImage srgb = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        srgb.createGraphics().drawImage(photo, 0, 0, null);
        ICC_ColorSpace adobeSpace = new ICC_ColorSpace(ICC_Profile.getInstance(adobe));
        Raster adobeRaster = new ColorConvertOp(srgb.getColorModel().getColorSpace(), adobeSpace, null)
                .filter(srgb.getRaster(), null);
        PlanarImage adobePixels = new PlanarImage(96, 64, 3);
        PlanarImage original = new PlanarImage(96, 64, 3);
        int max = (1 << adobeRaster.getSampleModel().getSampleSize(0)) - 1;
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                for (int c = 0; c < 3; c++) {
                    adobePixels.data()[c * 96 * 64 + y * 96 + x] = adobeRaster.getSample(x, y, c) / (float) max;
                    original.data()[c * 96 * 64 + y * 96 + x] = srgb.getRaster().getSample(x, y, c) / 255f;
                }
            }
        }
        Picture tagged = new Picture(adobePixels, null, new SourceInfo("png", 16, false, Optional.of(adobe), 1));
        byte[] png = ImageEncoder.builder().format(ImageFormat.PNG).build().encode(tagged);

        Picture decoded = new ImageDecoder().decode(png, "adobe.png");
        assertThat(decoded.source().iccProfile()).hasValueSatisfying(p -> assertThat(p).isEqualTo(adobe));
        assertThat(maxDifference(original, decoded.rgb())).as("Adobe RGB numbers differ from sRGB")
                .isGreaterThan(0.03f);
        Picture inSrgb = ColourProfiles.toSrgb(decoded);
        assertThat(inSrgb.source().iccProfile()).isEmpty();
        assertThat(inSrgb.source().metadata().sourceProfile()).isPresent();
        // The JDK's engine worked on 8-bit samples: allow a few levels.
        assertThat(maxDifference(original, inSrgb.rgb())).isLessThan(4f / 255);

        Picture back = ColourProfiles.toSourceProfile(inSrgb);
        assertThat(back.source().iccProfile()).hasValueSatisfying(p -> assertThat(p).isEqualTo(adobe));
        assertThat(maxDifference(decoded.rgb(), back.rgb())).isLessThan(1e-4f);
    }

    @Test
    void bandsConvertLikeTheWholeImage() throws IOException {
        IccConversion conversion = IccConversion.toSrgb(profile("ProPhotoRGB.icc"));
        PlanarImage image = random(20, 30, false);
        PlanarImage whole = conversion.apply(image);
        PlanarImage banded = image.copy();
        for (int y = 0; y < 30; y += 7) {
            conversion.applyRows(banded, y, Math.min(30, y + 7));
        }
        assertThat(maxDifference(whole, banded)).isZero();
    }

    private static PlanarImage pixel(double[] rgb) {
        PlanarImage p = new PlanarImage(1, 1, 3);
        for (int c = 0; c < 3; c++) {
            p.data()[c] = (float) rgb[c];
        }
        return p;
    }

    private static PlanarImage random(int w, int h, boolean grey) {
        Random random = new Random(7);
        PlanarImage p = new PlanarImage(w, h, 3);
        int n = w * h;
        for (int i = 0; i < n; i++) {
            float v = random.nextFloat();
            for (int c = 0; c < 3; c++) {
                p.data()[c * n + i] = grey ? v : random.nextFloat();
            }
        }
        return p;
    }

    static float maxDifference(PlanarImage a, PlanarImage b) {
        float max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }
}
