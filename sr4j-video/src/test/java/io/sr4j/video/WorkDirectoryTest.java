package io.sr4j.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The work directory's output handling: the join writes inside it, the output appears whole. */
class WorkDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void publishWritesInsideTheWorkDirectoryThenRenamesToTheOutput() throws Exception {
        Path output = dir.resolve("out.mp4");
        WorkDirectory work = WorkDirectory.of(output);
        work.prepare(Map.of("k", "v"), false);
        AtomicReference<Path> written = new AtomicReference<>();
        work.publish(output, file -> {
            written.set(file);
            assertThat(output).as("not visible while being written").doesNotExist();
            Files.writeString(file, "joined video");
        });
        assertThat(written.get().getParent()).isEqualTo(work.path());
        assertThat(Files.readString(output)).isEqualTo("joined video");
        assertThat(written.get()).doesNotExist();
        work.delete();
        assertThat(names()).containsExactly("out.mp4");
    }

    @Test
    void aFailedJoinLeavesTheOldOutputAndNoPartialFile() throws Exception {
        Path output = dir.resolve("out.mp4");
        Files.writeString(output, "earlier output");
        WorkDirectory work = WorkDirectory.of(output);
        work.prepare(Map.of("k", "v"), false);
        assertThatThrownBy(() -> work.publish(output, file -> {
            Files.writeString(file, "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(output)).isEqualTo("earlier output");
        assertThat(work.path().resolve(WorkDirectory.JOINED)).doesNotExist();
    }

    private java.util.List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
