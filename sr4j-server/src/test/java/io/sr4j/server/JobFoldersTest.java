package io.sr4j.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's folder is settled by the request only while no worker holds it, else by the worker when it lets go. */
class JobFoldersTest {
    private final List<String> settled = new ArrayList<>();
    private final JobFolders folders = new JobFolders(settled::add);

    @Test
    void aFolderNobodyHoldsIsSettledAtOnce() {
        assertThat(folders.settleUnlessHeld("a")).isTrue();
        assertThat(settled).containsExactly("a");
    }

    @Test
    void aHeldFolderIsSettledOnlyWhenTheWorkerLetsGo() {
        folders.hold("a");
        assertThat(folders.settleUnlessHeld("a")).isFalse();
        assertThat(folders.settleUnlessHeld("b")).isTrue(); // other jobs are not held up
        assertThat(settled).containsExactly("b");

        folders.release("a");
        assertThat(settled).containsExactly("b", "a");
        assertThat(folders.settleUnlessHeld("a")).isTrue(); // released for good
    }
}
