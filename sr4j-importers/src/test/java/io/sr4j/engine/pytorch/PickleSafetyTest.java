package io.sr4j.engine.pytorch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sr4j.engine.ncnn.ModelImportException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile pickles: code execution through globals, unknown opcodes, and inputs built to exhaust
 * memory or the stack. Each is refused with the reason named, and nothing runs.
 */
class PickleSafetyTest {
    @TempDir
    Path temp;

    /** {@code posix.system("touch FILE")}, the classic malicious .pth payload, as data.pkl of a zip. */
    private static byte[] systemCall(String module, String function, String command) {
        byte[] pickle = new PickleWriter().proto().global(module, function).string(command).op(0x85).reduce()
                .stop().bytes();
        return ZipBytes.of("evil/data.pkl", pickle, "evil/version", "3\n".getBytes());
    }

    @Test
    void refusesOsSystemNamingTheGlobalAndRunsNothing() {
        Path marker = temp.resolve("pwned");
        for (String[] global : new String[][] {{"posix", "system"}, {"os", "system"}, {"nt", "system"},
            {"subprocess", "call"}}) {
            byte[] evil = systemCall(global[0], global[1], "touch " + marker);
            assertThatThrownBy(() -> PytorchCheckpoints.read(evil, "evil.pth"))
                    .isInstanceOf(ModelImportException.class)
                    .hasMessageContaining("evil.pth")
                    .hasMessageContaining("refused global " + global[0] + "." + global[1])
                    .hasMessageContaining("data.pkl")
                    .hasMessageContaining("(at offset 2)");
        }
        assertThat(marker).doesNotExist();
    }

    @Test
    void refusesBuiltinsEvalThroughStackGlobal() {
        Path marker = temp.resolve("evaluated");
        // Protocol 4 style: STACK_GLOBAL takes module and name from the stack.
        byte[] pickle = new PickleWriter().proto().string("builtins").string("eval").op(0x93)
                .string("open('" + marker + "', 'w')").op(0x85).reduce().stop().bytes();
        assertThatThrownBy(() -> read(pickle))
                .hasMessageContaining("refused global builtins.eval");
        assertThat(marker).doesNotExist();
    }

    @Test
    void refusesLoadFromBytesAndWholeModules() {
        // torch.storage._load_from_bytes would run torch.load on nested bytes; a pickled nn.Module names its class.
        assertThatThrownBy(() -> read(new PickleWriter().proto().global("torch.storage", "_load_from_bytes").stop()
                .bytes())).hasMessageContaining("refused global torch.storage._load_from_bytes");
        assertThatThrownBy(() -> read(new PickleWriter().proto().global("basicsr.archs.rrdbnet_arch", "RRDBNet")
                .stop().bytes())).hasMessageContaining("refused global basicsr.archs.rrdbnet_arch.RRDBNet");
    }

    @Test
    void aStorageTypeCannotBeCalled() {
        byte[] pickle = new PickleWriter().proto().global("torch", "FloatStorage").emptyTuple().reduce().stop().bytes();
        assertThatThrownBy(() -> read(pickle)).hasMessageContaining("torch.FloatStorage cannot be called");
    }

    @Test
    void refusesUnknownOpcodesNamingOpcodeAndOffset() {
        // INST ('i') instantiates a class by name in protocol 0; sr4j does not implement it.
        byte[] pickle = new PickleWriter().proto().emptyDict().op('i').raw("os\nsystem\n".getBytes()).stop().bytes();
        assertThatThrownBy(() -> read(pickle)).hasMessageContaining("unsupported pickle opcode 0x69 ('i') at offset 3");
        byte[] ext = new PickleWriter().proto().op(0x82).op(1).stop().bytes(); // EXT1: the copyreg registry
        assertThatThrownBy(() -> read(ext)).hasMessageContaining("opcode 0x82 at offset 2");
    }

    @Test
    void boundsNestingMemoAndStringSizes() {
        PickleWriter deep = new PickleWriter().proto();
        for (int i = 0; i < 100_000; i++) {
            deep.mark();
        }
        assertThatThrownBy(() -> read(deep.stop().bytes())).hasMessageContaining("more than 64 nested marks");

        PickleLimits small = new PickleLimits(10, 8, 100, 16);
        PickleWriter memo = new PickleWriter().proto().none();
        for (int i = 0; i < 11; i++) {
            memo.put(i);
        }
        assertThatThrownBy(() -> PickleReader.read(ByteBuffer.wrap(memo.stop().bytes()), small, null))
                .hasMessageContaining("more than 10 memo entries");

        // A string declaring 4 GiB in a 20-byte file: refused before anything is allocated.
        byte[] huge = new PickleWriter().proto().op('X').raw(PickleWriter.le(4, 0xffffffffL)).stop().bytes();
        assertThatThrownBy(() -> read(huge)).hasMessageContaining("a string of 4294967295 bytes");
        assertThatThrownBy(() -> PickleReader.read(ByteBuffer.wrap(new PickleWriter().proto()
                .string("seventeen letters").stop().bytes()), small, null)).hasMessageContaining("at most 16");

        PickleWriter wide = new PickleWriter().proto();
        for (int i = 0; i < 101; i++) {
            wide.none();
        }
        assertThatThrownBy(() -> PickleReader.read(ByteBuffer.wrap(wide.stop().bytes()), small, null))
                .hasMessageContaining("more than 100 values");
    }

    @Test
    void cyclicContainersCannotBecomeDictKeys() {
        // l = []; l.append(l); {l: 1} — Python refuses (unhashable); hashing it in Java would never end.
        byte[] pickle = new PickleWriter().proto().emptyDict().emptyList().put(0).get(0).op('a').integer(1).setItem()
                .stop().bytes();
        assertThatThrownBy(() -> read(pickle)).hasMessageContaining("dict key of type list is not supported");
    }

    @Test
    void stackUnderflowAndTruncationAreErrorsNotCrashes() {
        assertThatThrownBy(() -> read(new PickleWriter().proto().reduce().stop().bytes()))
                .hasMessageContaining("stack underflow");
        // Items below a MARK are out of reach, as in Python.
        assertThatThrownBy(() -> read(new PickleWriter().proto().emptyList().mark().op('a').stop().bytes()))
                .hasMessageContaining("stack underflow");
        assertThatThrownBy(() -> read(new PickleWriter().proto().emptyDict().bytes()))
                .hasMessageContaining("pickle ends without STOP (truncated)");
        assertThatThrownBy(() -> read(new PickleWriter().proto().get(7).stop().bytes()))
                .hasMessageContaining("memo entry 7 is not defined");
    }

    /** A pickle as data.pkl of a zip checkpoint. */
    private static Object read(byte[] pickle) {
        return PytorchCheckpoints.read(ZipBytes.of("a/data.pkl", pickle), "test.pth");
    }
}
