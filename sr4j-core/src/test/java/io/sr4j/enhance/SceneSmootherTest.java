package io.sr4j.enhance;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.quality.Degradations;
import io.sr4j.testing.TestPhotos;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SceneSmootherTest {
    /** A static, underexposed shot: the same photo with fresh sensor noise per frame. */
    private static List<PlanarImage> staticShot(String name, int frames, long seed) {
        PlanarImage photo = TestPhotos.crop(name, 0, 0, 240, 160);
        PlanarImage dark = ToneCurves.of(EnhanceParameters.exposure(0.35)).apply(photo);
        List<PlanarImage> shot = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            shot.add(Degradations.gaussianNoise(dark, 2, seed + i));
        }
        return shot;
    }

    private static double meanLuma(PlanarImage rgb) {
        int n = rgb.planeSize();
        float[] d = rgb.data();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 0.299 * d[i] + 0.587 * d[n + i] + 0.114 * d[2 * n + i];
        }
        return sum / n;
    }

    @Test
    void aStaticShotIsGradedWithoutFlicker() {
        SceneSmoother smoother = new SceneSmoother(Enhancer.classical(), SceneSmoother.DEFAULT_WINDOW);
        double previous = -1;
        double worst = 0;
        for (PlanarImage frame : staticShot("chelsea.png", 30, 1)) {
            EnhanceParameters grade = smoother.next(frame);
            assertThat(grade.exposure()).isGreaterThan(1.5);
            double luma = meanLuma(ToneCurves.of(grade).apply(frame));
            if (previous > 0) {
                worst = Math.max(worst, Math.abs(luma - previous) / previous);
            }
            previous = luma;
        }
        assertThat(worst).as("frame-to-frame mean luminance change").isLessThanOrEqualTo(0.005);
        assertThat(smoother.cuts()).isZero();
    }

    @Test
    void aCutStartsTheSceneAfreshAndAReplayGivesTheSameGrades() {
        List<PlanarImage> video = new ArrayList<>(staticShot("chelsea.png", 10, 1));
        PlanarImage bright = TestPhotos.crop("coffee.png", 0, 0, 240, 160);
        for (int i = 0; i < 10; i++) {
            video.add(Degradations.gaussianNoise(bright, 2, 100 + i));
        }
        SceneSmoother whole = new SceneSmoother(Enhancer.classical(), 4);
        List<EnhanceParameters> grades = new ArrayList<>();
        for (PlanarImage frame : video) {
            grades.add(whole.next(frame));
        }
        assertThat(whole.cuts()).isEqualTo(1);
        // Right after the cut the grade is the new scene's own, not a blend with the dark one.
        assertThat(grades.get(10)).isEqualTo(Enhancer.classical().estimate(video.get(10)));
        // A resumed run that first feeds history() frames grades the rest identically.
        for (int start : new int[] {8, 11, 15}) {
            SceneSmoother resumed = new SceneSmoother(Enhancer.classical(), 4);
            for (int i = Math.max(0, start - resumed.history()); i < start; i++) {
                resumed.next(video.get(i));
            }
            for (int i = start; i < video.size(); i++) {
                assertThat(resumed.next(video.get(i))).as("frame " + i + " resumed at " + start)
                        .isEqualTo(grades.get(i));
            }
        }
    }
}
