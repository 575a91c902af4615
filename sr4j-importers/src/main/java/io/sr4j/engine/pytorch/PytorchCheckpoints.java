package io.sr4j.engine.pytorch;

import io.sr4j.engine.ncnn.ModelImportException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the weights of a PyTorch checkpoint ({@code .pth}/{@code .pt}/{@code .ckpt}, zip or legacy
 * format) or a safetensors file without running any of it. The format is told by the first bytes,
 * never by the extension.
 *
 * <p>What a pickle may contain is an allow-list ({@link AllowedGlobal}): dicts, lists, tuples,
 * numbers, strings, tensors and storages. A checkpoint that pickles anything else — a whole
 * {@code nn.Module}, numpy arrays, or code such as {@code os.system} — fails with a
 * {@link ModelImportException} naming the file and the refused global; so does a truncated or
 * inconsistent file, naming the tensor or entry concerned.
 */
public final class PytorchCheckpoints {
    private PytorchCheckpoints() {
    }

    /** The state dict in {@code file}, mapped read-only (files up to 2 GiB). */
    public static StateDict read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new ModelImportException(file + ": checkpoint of " + size
                        + " bytes is larger than the 2 GiB sr4j reads");
            }
            return read(channel.map(FileChannel.MapMode.READ_ONLY, 0, size), file.toString(), PickleLimits.defaults());
        } catch (NoSuchFileException e) {
            throw new ModelImportException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ModelImportException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Whether {@code file} starts like a PyTorch checkpoint or a safetensors file (told by content,
     * whatever its name); false for unreadable files too, which {@link #read(Path)} then reports.
     */
    public static boolean isCheckpoint(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                return false;
            }
            CheckpointFormat.detect(channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
            return true;
        } catch (IOException | BadCheckpointException e) {
            return false;
        }
    }

    /** The state dict in {@code bytes}; {@code source} names them in messages. */
    public static StateDict read(byte[] bytes, String source) {
        return read(ByteBuffer.wrap(bytes), source, PickleLimits.defaults());
    }

    /**
     * The state dict in {@code file} (position 0 to its capacity).
     *
     * @param source names the bytes in the result and in every message
     */
    public static StateDict read(ByteBuffer file, String source, PickleLimits limits) {
        ByteBuffer whole = file.duplicate().position(0).limit(file.capacity());
        try {
            CheckpointFormat format = CheckpointFormat.detect(whole);
            return switch (format) {
                case ZIP -> ZipCheckpoint.read(whole, source, limits);
                case LEGACY -> LegacyCheckpoint.read(whole, source, limits);
                case SAFETENSORS -> SafetensorsFile.read(whole, source);
            };
        } catch (BadCheckpointException e) {
            throw new ModelImportException(source + ": " + e.getMessage(), e);
        }
    }
}
