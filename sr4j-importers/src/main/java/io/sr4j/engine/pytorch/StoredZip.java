package io.sr4j.engine.pytorch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The entries of a zip held in memory, read from its central directory (zip64 included). Only
 * stored (uncompressed) entries can be opened: PyTorch writes its archives that way, with entry
 * data aligned so storages can be used in place. Entry sizes are in the central directory only
 * (PyTorch's local headers defer them to data descriptors), so the local headers are read just for
 * where the data starts.
 */
final class StoredZip {
    private static final int EOCD = 0x06054b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int ZIP64_EOCD = 0x06064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;
    private static final int MAX_ENTRIES = 1_000_000;

    private record Entry(String name, int method, int flags, long size, long compressedSize, long localOffset) {
    }

    private final ByteBuffer file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private StoredZip(ByteBuffer file) {
        this.file = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    static StoredZip read(ByteBuffer file) {
        StoredZip zip = new StoredZip(file);
        zip.readDirectory();
        return zip;
    }

    /** Entry names in directory order. */
    Iterable<String> names() {
        return entries.keySet();
    }

    boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The bytes of a stored entry, little-endian, position 0. */
    ByteBuffer open(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new BadCheckpointException("zip entry " + AllowedGlobal.printable(name) + " is missing");
        }
        if ((e.flags & 1) != 0) {
            throw new BadCheckpointException("zip entry " + AllowedGlobal.printable(name) + " is encrypted");
        }
        if (e.method != 0 || e.compressedSize != e.size) {
            throw new BadCheckpointException("zip entry " + AllowedGlobal.printable(name) + " is compressed (method "
                    + e.method + "); PyTorch writes checkpoints uncompressed, so re-zipping one is not supported");
        }
        long local = e.localOffset;
        if (local < 0 || local > file.capacity() - 30 || file.getInt((int) local) != LOCAL) {
            throw new BadCheckpointException("zip entry " + AllowedGlobal.printable(name)
                    + " has no local header at offset " + local + " (truncated?)");
        }
        long start = local + 30 + u16((int) local + 26) + u16((int) local + 28);
        if (e.size < 0 || start + e.size > file.capacity()) {
            throw new BadCheckpointException("zip entry " + AllowedGlobal.printable(name) + " of " + e.size
                    + " bytes at offset " + start + " runs past the end of the file (" + file.capacity()
                    + " bytes): truncated");
        }
        return file.slice((int) start, (int) e.size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void readDirectory() {
        int size = file.capacity();
        int eocd = -1;
        for (int at = size - 22; at >= Math.max(0, size - 22 - 0xffff); at--) {
            if (file.getInt(at) == EOCD) {
                eocd = at;
                break;
            }
        }
        if (eocd < 0) {
            throw new BadCheckpointException("zip has no end-of-central-directory record (truncated?)");
        }
        long count = u16(eocd + 10);
        long directorySize = u32(eocd + 12);
        long directoryOffset = u32(eocd + 16);
        if (count == 0xffff || directorySize == 0xffffffffL || directoryOffset == 0xffffffffL) {
            int locator = eocd - 20;
            if (locator < 0 || file.getInt(locator) != ZIP64_LOCATOR) {
                throw new BadCheckpointException("zip64 archive without its end-of-directory locator");
            }
            long record = file.getLong(locator + 8);
            if (record < 0 || record > size - 56 || file.getInt((int) record) != ZIP64_EOCD) {
                throw new BadCheckpointException("zip64 end-of-directory record missing at offset " + record);
            }
            count = file.getLong((int) record + 32);
            directorySize = file.getLong((int) record + 40);
            directoryOffset = file.getLong((int) record + 48);
        }
        if (count < 0 || count > MAX_ENTRIES || directoryOffset < 0 || directorySize < 0
                || directoryOffset + directorySize > size) {
            throw new BadCheckpointException("zip central directory (" + count + " entries, " + directorySize
                    + " bytes at offset " + directoryOffset + ") does not fit in the file of " + size
                    + " bytes: truncated");
        }
        int at = (int) directoryOffset;
        int end = (int) (directoryOffset + directorySize);
        for (long i = 0; i < count; i++) {
            if (at > end - 46 || file.getInt(at) != CENTRAL) {
                throw new BadCheckpointException("zip central directory entry " + i + " is damaged");
            }
            int nameLength = u16(at + 28);
            int extraLength = u16(at + 30);
            int commentLength = u16(at + 32);
            if (at + 46L + nameLength + extraLength + commentLength > end) {
                throw new BadCheckpointException("zip central directory entry " + i + " runs past the directory");
            }
            byte[] nameBytes = new byte[nameLength];
            file.get(at + 46, nameBytes);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            long compressed = u32(at + 20);
            long uncompressed = u32(at + 24);
            long local = u32(at + 42);
            // Zip64 extra field: the 64-bit values of exactly those fields that hold 0xffffffff, in this order.
            int extra = at + 46 + nameLength;
            int extraEnd = extra + extraLength;
            while (extra + 4 <= extraEnd) {
                int id = u16(extra);
                int length = u16(extra + 2);
                int p = extra + 4;
                if (id == 0x0001) {
                    if (uncompressed == 0xffffffffL && p + 8 <= extraEnd) {
                        uncompressed = file.getLong(p);
                        p += 8;
                    }
                    if (compressed == 0xffffffffL && p + 8 <= extraEnd) {
                        compressed = file.getLong(p);
                        p += 8;
                    }
                    if (local == 0xffffffffL && p + 8 <= extraEnd) {
                        local = file.getLong(p);
                    }
                }
                extra += 4 + length;
            }
            entries.putIfAbsent(name, new Entry(name, u16(at + 10), u16(at + 8), uncompressed, compressed, local));
            at += 46 + nameLength + extraLength + commentLength;
        }
    }

    private int u16(int at) {
        return file.getShort(at) & 0xffff;
    }

    private long u32(int at) {
        return file.getInt(at) & 0xffffffffL;
    }
}
