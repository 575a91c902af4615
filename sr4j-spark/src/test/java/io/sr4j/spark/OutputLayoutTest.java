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
    void twoInputsForOneOutputAreRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> png.checkDistinct(List.of(input("trip/a.jpg"), input("trip/a.png"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trip/a.jpg").hasMessageContaining("trip/a.png");
    }

    private static InputFile input(String relative) {
        return new InputFile(0, "file:/in/" + relative, relative);
    }
}
