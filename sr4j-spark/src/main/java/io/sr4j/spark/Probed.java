package io.sr4j.spark;

import java.io.Serializable;

/**
 * An input with what its header said: the size the work is balanced by.
 *
 * @param input  the input
 * @param header its size, or null when the header could not be read (the work stage then records why)
 * @param bytes  the file size, or -1 when unknown
 */
record Probed(InputFile input, ImageHeader header, long bytes) implements Serializable {
    long pixels() {
        return header == null ? 0 : header.pixels();
    }
}
