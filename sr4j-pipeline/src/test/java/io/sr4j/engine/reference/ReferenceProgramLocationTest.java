package io.sr4j.engine.reference;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the installation; needs no installed programs. */
class ReferenceProgramLocationTest {
    @TempDir
    Path dir;

    @Test
    void aMissingInstallationNamesTheScript() {
        assertThatThrownBy(() -> ReferenceProgram.at(dir.resolve("nowhere")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("nowhere")
                .hasMessageContaining("scripts/install-reference-programs.sh");
    }

    @Test
    void anInstallationWithoutItsProgramsIsIncomplete() throws Exception {
        Files.createFile(dir.resolve(ReferenceProgram.STAMP));

        assertThatThrownBy(() -> ReferenceProgram.at(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("upscayl-bin")
                .hasMessageContaining("scripts/install-reference-programs.sh");
    }
}
