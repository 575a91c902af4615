/**
 * Reading and writing image files: {@link io.sr4j.io.ImageDecoder} (PNG, JPEG, BMP, GIF, TIFF,
 * WebP into a {@link io.sr4j.image.Picture}, EXIF orientation applied, size checked from the
 * header first), {@link io.sr4j.io.ImageEncoder} (PNG 8/16-bit, JPEG, BMP; written through
 * {@link io.sr4j.io.AtomicFiles} so no half-written file is ever visible) and
 * {@link io.sr4j.io.BufferedImages} (bulk conversion to and from {@link java.awt.image.BufferedImage}).
 *
 * <p>Failures are {@link io.sr4j.io.ImageDecodeException} / {@link io.sr4j.io.ImageEncodeException}
 * (both {@link io.sr4j.Sr4jException}s) whose messages start with the file name.
 */
package io.sr4j.io;
