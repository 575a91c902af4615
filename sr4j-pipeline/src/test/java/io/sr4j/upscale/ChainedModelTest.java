package io.sr4j.upscale;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.model.ModelStore;
import io.sr4j.testing.TestPhotos;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networks chained band by band give exactly the pixels of the same networks run one after the
 * other on whole intermediate images, with several tiles at every stage (sr4j's built-in networks,
 * nothing to download).
 */
class ChainedModelTest {
    @TempDir
    Path tmp;
    private final List<Upscaler> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(Upscaler::close);
    }

    private Upscaler network(String id, int tile) {
        Upscaler u = Upscaler.builder().model(id).tileSize(tile).threads(2)
                .store(ModelStore.builder().root(tmp.resolve("store")).build()).build();
        open.add(u);
        return u;
    }

    @Test
    void aChainIsTheStagesRunOneAfterTheOther() {
        Picture photo = Picture.of(TestPhotos.crop("coffee.png", 120, 40, 70, 50));
        Upscaler first = network("sr4j-fast-x2", 24);   // 3x3 tiles of the input
        Upscaler second = network("sr4j-fast-x3", 32);  // 5x4 tiles of the x2 image
        Upscaler chain = Upscaler.chain(List.of(first, second), 70, 50).orElseThrow();
        assertThat(chain.nativeScale()).isEqualTo(6);

        PlanarImage staged = second.upscale(first.upscale(photo, 2, TileProgress.none()), 3, TileProgress.none()).rgb();
        List<int[]> reports = new ArrayList<>();
        PlanarImage chained = chain.upscale(photo, 6, (done, total) -> reports.add(new int[] {done, total})).rgb();

        assertThat(chained.width()).isEqualTo(420);
        assertThat(chained.height()).isEqualTo(300);
        assertThat(chained.data()).containsExactly(staged.data());
        // Progress counts every stage's tiles: 9 + 20.
        assertThat(reports.get(reports.size() - 1)).containsExactly(29, 29);
    }

    @Test
    void aChainEndingInAResizeIsTheStagesRunOneAfterTheOther() {
        Picture photo = Picture.of(TestPhotos.crop("grass.png", 0, 0, 45, 37));
        Upscaler first = network("sr4j-fast-x2", 16);
        Upscaler second = network("sr4j-fast-x2", 40);
        Upscaler chain = Upscaler.chain(List.of(first, second), 45, 37).orElseThrow();
        OutputGeometry target = OutputGeometry.ofScale(90, 74, 1.5);
        PlanarImage staged = second.upscale(first.upscale(photo, 2, TileProgress.none()), target,
                TileProgress.none()).rgb();
        PlanarImage chained = chain.upscale(photo, new OutputGeometry(target.width(), target.height(),
                (double) target.width() / 45, (double) target.height() / 37), TileProgress.none()).rgb();
        assertThat(chained.width()).isEqualTo(135);
        assertThat(chained.data()).containsExactly(staged.data());
    }

    @Test
    void aClassicalFilterDoesNotChain() {
        Upscaler bicubic = Upscaler.builder().model("bicubic")
                .store(ModelStore.builder().root(tmp.resolve("store")).build()).build();
        open.add(bicubic);
        assertThat(Upscaler.chain(List.of(network("sr4j-fast-x2", 64), bicubic), 40, 30)).isEmpty();
        assertThat(Upscaler.chain(List.of(bicubic, network("sr4j-fast-x2", 64)), 40, 30)).isEmpty();
    }
}
