package io.sr4j.engine.pytorch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.save}'s zip format: {@code ARCHIVE/data.pkl} (the object, storages as persistent
 * ids), {@code ARCHIVE/data/KEY} (each storage's raw bytes), {@code ARCHIVE/byteorder} (since
 * PyTorch 1.13; little-endian when absent) and {@code ARCHIVE/version}. ARCHIVE is whatever the
 * file was first saved as, so it is found, not assumed.
 */
final class ZipCheckpoint {
    private ZipCheckpoint() {
    }

    static StateDict read(ByteBuffer file, String source, PickleLimits limits) {
        StoredZip zip = StoredZip.read(file);
        String prefix = archivePrefix(zip);
        ByteOrder order = byteOrder(zip, prefix);
        StorageIds ids = new StorageIds();
        ByteBuffer pickle = zip.open(prefix + "data.pkl");
        Object root;
        try {
            root = PickleReader.read(pickle, limits, ids::load);
        } catch (BadCheckpointException e) {
            throw new BadCheckpointException(prefix + "data.pkl: " + e.getMessage(), e);
        }
        return StateDictAssembler.assemble(source, CheckpointFormat.ZIP, root, ref -> {
            String entry = prefix + "data/" + ref.key();
            if (!zip.contains(entry)) {
                throw new BadCheckpointException("storage " + AllowedGlobal.printable(ref.key()) + " has no entry "
                        + AllowedGlobal.printable(entry));
            }
            ByteBuffer bytes = zip.open(entry);
            long needed = StorageIds.byteSize(ref);
            if (bytes.capacity() < needed) {
                throw new BadCheckpointException("storage " + AllowedGlobal.printable(entry) + " holds "
                        + bytes.capacity() + " bytes but declares " + ref.numel() + " " + ref.dtype()
                        + " elements (" + needed + " bytes)");
            }
            return bytes.order(order);
        });
    }

    /** "ARCHIVE/" of the one data.pkl at the top or one folder down. */
    private static String archivePrefix(StoredZip zip) {
        List<String> found = new ArrayList<>();
        for (String name : zip.names()) {
            if (name.equals("data.pkl") || (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - 9)) {
                found.add(name);
            }
        }
        if (found.size() != 1) {
            throw new BadCheckpointException(found.isEmpty()
                    ? "zip holds no data.pkl: not a PyTorch checkpoint"
                    : "zip holds " + found.size() + " data.pkl entries; a checkpoint has one");
        }
        String name = found.get(0);
        return name.substring(0, name.length() - "data.pkl".length());
    }

    private static ByteOrder byteOrder(StoredZip zip, String prefix) {
        if (!zip.contains(prefix + "byteorder")) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        ByteBuffer entry = zip.open(prefix + "byteorder");
        byte[] text = new byte[Math.min(entry.capacity(), 16)];
        entry.get(0, text);
        String order = new String(text, StandardCharsets.US_ASCII).trim();
        return switch (order) {
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case "big" -> ByteOrder.BIG_ENDIAN;
            default -> throw new BadCheckpointException("byteorder entry says '" + AllowedGlobal.printable(order)
                    + "', not little or big");
        };
    }
}
