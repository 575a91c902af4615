package io.sr4j.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.stream.ImageInputStream;

/**
 * The entries of the first image file directory (IFD0) of a TIFF structure, as they stand in the
 * stream: tag, type, value count and where the value lies, not the values themselves. Classic TIFF
 * and BigTIFF, either byte order. {@link TiffDirectory} reads metadata fields through it and
 * {@link TiffLimits} the fields that size the reader's allocations.
 *
 * <p>The stream's byte order is set to the structure's while an instance is in use; callers
 * restore it.
 */
final class TiffIfd {
    static final int TYPE_BYTE = 1;
    static final int TYPE_ASCII = 2;
    static final int TYPE_SHORT = 3;
    static final int TYPE_LONG = 4;
    static final int TYPE_UNDEFINED = 7;

    /**
     * Bytes per value of each TIFF field type (TIFF 6.0 section 2 and BigTIFF's LONG8, SLONG8,
     * IFD8); 0 for type numbers that name no type, which readers skip.
     */
    private static final int[] TYPE_SIZES = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};

    /**
     * One directory entry.
     *
     * @param tag        the field's tag number
     * @param type       the TIFF field type (1 BYTE … 18 IFD8)
     * @param count      how many values the entry declares
     * @param valueField stream position of the entry's value-or-offset field
     */
    record Entry(int tag, int type, long count, long valueField) {
    }

    private final ImageInputStream in;
    private final long base;
    private final boolean big;
    private final List<Entry> entries;

    private TiffIfd(ImageInputStream in, long base, boolean big, List<Entry> entries) {
        this.in = in;
        this.base = base;
        this.big = big;
        this.entries = entries;
    }

    /**
     * Reads the header at {@code base} and IFD0's entry table. Returns null when no TIFF header
     * starts there; throws {@link EOFException} when the directory lies past the end of the data.
     * Entries whose table would run past the end are not read.
     *
     * @param maxEntries an entry count above this makes the directory unreadable (IOException)
     */
    static TiffIfd first(ImageInputStream in, long base, long maxEntries) throws IOException {
        in.seek(base);
        int b0 = in.read();
        int b1 = in.read();
        if (b0 == 'I' && b1 == 'I') {
            in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        } else if (b0 == 'M' && b1 == 'M') {
            in.setByteOrder(ByteOrder.BIG_ENDIAN);
        } else {
            return null;
        }
        int magic = in.readUnsignedShort();
        boolean big;
        long ifd;
        if (magic == 42) {
            big = false;
            ifd = in.readUnsignedInt();
        } else if (magic == 43) {
            big = true;
            if (in.readUnsignedShort() != 8) {
                return null;
            }
            in.readUnsignedShort();
            ifd = in.readLong();
        } else {
            return null;
        }
        long length = in.length(); // -1 when unknown
        if (ifd < 8 || (length >= 0 && base + ifd >= length)) {
            throw new EOFException("IFD0 offset " + ifd + " is outside the data");
        }
        in.seek(base + ifd);
        long count = big ? in.readLong() : in.readUnsignedShort();
        if (count < 0 || count > maxEntries) {
            throw new IOException("IFD0 declares " + Long.toUnsignedString(count) + " entries");
        }
        int entrySize = big ? 20 : 12;
        long first = base + ifd + (big ? 8 : 2);
        List<Entry> entries = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long entry = first + i * entrySize;
            if (length >= 0 && entry + entrySize > length) {
                break;
            }
            in.seek(entry);
            int tag = in.readUnsignedShort();
            int type = in.readUnsignedShort();
            long n = big ? in.readLong() : in.readUnsignedInt();
            entries.add(new Entry(tag, type, n, entry + 4 + (big ? 8 : 4)));
        }
        return new TiffIfd(in, base, big, entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /** Bytes the value-or-offset field holds inline: 4 in classic TIFF, 8 in BigTIFF. */
    int inlineSize() {
        return big ? 8 : 4;
    }

    /** Bytes per value of {@code type}, or 0 for a type number that names no type. */
    static int typeSize(int type) {
        return type > 0 && type < TYPE_SIZES.length ? TYPE_SIZES[type] : 0;
    }

    /**
     * Stream position of the entry's first value: inline, or at the offset the entry gives.
     *
     * @throws EOFException if that offset cannot lie inside any data
     */
    long valuePosition(Entry e) throws IOException {
        long size = typeSize(e.type()) * e.count();
        if (e.count() >= 0 && size >= 0 && size <= inlineSize()) {
            return e.valueField();
        }
        in.seek(e.valueField());
        long offset = big ? in.readLong() : in.readUnsignedInt();
        if (offset < 0) { // a BigTIFF offset of 2^63 or more: no data reaches that far
            throw new EOFException("value offset " + Long.toUnsignedString(offset) + " is outside the data");
        }
        return base + offset;
    }

    /**
     * The first {@code max} values of a numeric entry (any integer, rational or floating-point
     * type), widened to double; an empty array for text, undefined and unknown types.
     */
    double[] numbers(Entry e, int max) throws IOException {
        if (!isNumeric(e)) {
            return new double[0];
        }
        int n = (int) Math.min(e.count(), max);
        double[] values = new double[n];
        in.seek(valuePosition(e));
        for (int i = 0; i < n; i++) {
            values[i] = readNumber(e.type());
        }
        return values;
    }

    /**
     * The largest of all the entry's values (numeric types), or NaN when it has none. Reads the
     * values one by one: an offset table may hold millions.
     */
    double largest(Entry e) throws IOException {
        if (!isNumeric(e)) {
            return Double.NaN;
        }
        in.seek(valuePosition(e));
        double largest = Double.NEGATIVE_INFINITY;
        for (long i = 0; i < e.count(); i++) {
            largest = Math.max(largest, readNumber(e.type()));
        }
        return largest;
    }

    private static boolean isNumeric(Entry e) {
        return typeSize(e.type()) > 0 && e.type() != TYPE_ASCII && e.type() != TYPE_UNDEFINED && e.count() > 0;
    }

    private double readNumber(int type) throws IOException {
        return switch (type) {
            case TYPE_BYTE -> in.readUnsignedByte();
            case 6 -> in.readByte();
            case TYPE_SHORT -> in.readUnsignedShort();
            case 8 -> in.readShort();
            case TYPE_LONG, 13 -> in.readUnsignedInt();
            case 9 -> in.readInt();
            case 5 -> ratio(in.readUnsignedInt(), in.readUnsignedInt());
            case 10 -> ratio(in.readInt(), in.readInt());
            case 11 -> in.readFloat();
            case 12 -> in.readDouble();
            case 16, 18 -> unsigned(in.readLong());
            case 17 -> in.readLong();
            default -> throw new IllegalArgumentException("not a numeric TIFF type: " + type);
        };
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? Double.NaN : (double) numerator / denominator;
    }

    private static double unsigned(long value) {
        return value >= 0 ? value : Math.pow(2, 64) + value;
    }
}
