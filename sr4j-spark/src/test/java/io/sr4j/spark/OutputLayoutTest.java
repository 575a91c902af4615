package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.io.ImageFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputLayoutTest {
    private final OutputLayout png = new OutputLayout("s3a://bucket/x4", ImageFormat.PNG);

    @Test
    void theOutputMirrorsTheInputTreeWithTheFormatsExtension() {
        assertThat(png.outputFor(input("trip/beach.jpg"))).isEqualTo("s3a://bucket/x4/trip/beach.png");
        assertThat(png.outputFor(input("a.b/noext"))).isEqualTo("s3a://bucket/x4/a.b/noext.png");
        assertThat(new OutputLayout("file:/out/", ImageFormat.JPEG).outputFor(input("x.png")))
                .isEqualTo("file:/out/x.jpg");
    }

    @Test
    void aVideoKeepsAContainerSr4jWritesElseBecomesMatroskaAndKeepsItsSegmentsInAHiddenFolder() {
        assertThat(png.outputFor(input("clips/a.MP4"))).isEqualTo("s3a://bucket/x4/clips/a.mp4");
        assertThat(png.outputFor(input("b.mov"))).isEqualTo("s3a://bucket/x4/b.mov");
        assertThat(png.outputFor(input("c.webm"))).isEqualTo("s3a://bucket/x4/c.mkv");
        assertThat(png.workDirFor(input("clips/a.mp4"))).isEqualTo("s3a://bucket/x4/clips/.a.mp4.sr4j-parts");
        assertThat(OutputLayout.segmentName(7)).isEqualTo("segment-000007.sr4jseg");
        assertThatThrownBy(() -> png.checkDistinct(List.of(input("v/a.avi"), input("v/a.webm"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("v/a.mkv");
    }

    @Test
    void twoInputsForOneOutputAreRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> png.checkDistinct(List.of(input("trip/a.jpg"), input("trip/a.png"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trip/a.jpg").hasMessageContaining("trip/a.png");
    }

    private static InputFile input(String relative) {
        return new InputFile(0, "file:/in/" + relative, relative);
    }
}
