package io.sr4j.train;

import io.sr4j.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A training checkpoint: the step reached, every weight and the optimiser's moments, plus the
 * network's shape so a checkpoint is never loaded into a different network. Written atomically
 * (temporary file + rename), so an interrupted run leaves the previous checkpoint intact.
 */
final class Checkpoint {
    private static final int MAGIC = 0x53523443; // "SR4C"
    private static final int VERSION = 1;

    private Checkpoint() {
    }

    static void write(Path file, String signature, long step, List<float[]> weights, Adam adam)
            throws IOException {
        AtomicFiles.write(file, stream -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(signature);
            out.writeLong(step);
            out.writeInt(weights.size());
            for (float[] w : weights) {
                writeFloats(out, w);
            }
            adam.write(out);
            out.flush();
        });
    }

    /**
     * Reads a checkpoint into {@code weights} (sized already) and {@code adam}.
     *
     * @return the step the checkpoint was taken after
     */
    static long read(Path file, String signature, List<float[]> weights, Adam adam) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("checkpoint " + file + " is not an sr4j-train checkpoint (version " + VERSION + ")");
            }
            String found = in.readUTF();
            if (!found.equals(signature)) {
                throw new IOException("checkpoint " + file + " belongs to network '" + found
                        + "', not to this config's '" + signature + "'");
            }
            long step = in.readLong();
            if (in.readInt() != weights.size()) {
                throw new IOException("checkpoint " + file + " holds a different number of parameters");
            }
            for (float[] w : weights) {
                readFloats(in, w);
            }
            adam.read(in);
            return step;
        }
    }

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    static void readFloats(DataInputStream in, float[] into) throws IOException {
        int n = in.readInt();
        if (n != into.length) {
            throw new IOException("checkpoint parameter has " + n + " values, the network " + into.length);
        }
        for (int i = 0; i < n; i++) {
            into[i] = in.readFloat();
        }
    }
}
