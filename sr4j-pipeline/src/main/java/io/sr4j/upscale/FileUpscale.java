package io.sr4j.upscale;

import io.sr4j.image.Picture;
import io.sr4j.image.RowSink;
import io.sr4j.io.AtomicFiles;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncodeException;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.io.PngMetadata;
import io.sr4j.io.PngStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * One file-to-file run of {@link Upscaler#upscaleFile}: header, memory check, decode, size, then
 * either a streaming PNG write or an in-memory encode for other formats.
 */
final class FileUpscale {
    /** JPEG stores its size in 16-bit fields. */
    private static final int JPEG_MAX_EDGE = 65535;
    /** Bytes per pixel while decoding: the decoder's interleaved copy (up to 8) and float planes (16). */
    private static final int DECODE_BYTES_PER_PIXEL = 24;
    /** Compressed and raw PNG bands in flight per compression thread (about 1 MiB each, several copies). */
    private static final long PNG_BYTES_PER_THREAD = 8L << 20;

    private final Upscaler upscaler;
    private final OutputOptions options;
    private final MemoryGuard memory = MemoryGuard.forThisJvm();

    FileUpscale(Upscaler upscaler, OutputOptions options) {
        this.upscaler = upscaler;
        this.options = options;
    }

    UpscaleResult run(Path input, Path output, TileProgress progress) {
        long start = System.nanoTime();
        options.encoder().formatFor(output); // a bad output fails first
        String name = input.toString();
        headerPixels(input).ifPresent(pixels -> {
            if (pixels <= options.maxPixels()) {
                memory.require(name, "decoding " + pixels / 1_000_000 + " Mpx", pixels * DECODE_BYTES_PER_PIXEL);
            }
        });
        Picture picture = new ImageDecoder(options.maxPixels()).decode(input);
        return run(picture, name, output, progress, start);
    }

    UpscaleResult run(Picture picture, String name, Path output, TileProgress progress, long start) {
        return run(picture, name, output, options.encoder().formatFor(output), progress, start);
    }

    UpscaleResult run(Picture picture, String name, Path output, ImageFormat format, TileProgress progress,
                      long start) {
        options.encoder().checkWritable(format, output.toString());
        String outName = output.toString();
        check(picture, name, format, outName);
        UpscaleResult[] result = new UpscaleResult[1];
        try {
            AtomicFiles.write(output, out -> result[0] = write(picture, format, out, progress, start));
        } catch (NoSuchFileException e) {
            throw new ImageEncodeException(outName, "output directory does not exist", e);
        } catch (AccessDeniedException e) {
            throw new ImageEncodeException(outName, "cannot write there (permission denied)", e);
        } catch (IOException e) {
            throw new ImageEncodeException(outName, "cannot write the " + format.displayName() + " file ("
                    + e.getMessage() + ")", e);
        }
        return result[0];
    }

    /** The same bytes as {@link #run(Picture, String, Path, TileProgress, long)}, written to {@code out}. */
    UpscaleResult run(Picture picture, String name, ImageFormat format, OutputStream out, TileProgress progress,
                      long start) {
        options.encoder().checkWritable(format, name);
        check(picture, name, format, name);
        try {
            return write(picture, format, out, progress, start);
        } catch (IOException e) {
            throw new ImageEncodeException(name, "cannot write the " + format.displayName() + " result ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Refuses, before any work, a result that cannot fit the heap or its format. */
    private void check(Picture picture, String name, ImageFormat format, String outName) {
        OutputGeometry target = options.geometry(picture.width(), picture.height(), upscaler.nativeScale());
        String job = String.format(Locale.ROOT, "enlarging %dx%d to %dx%d", picture.width(), picture.height(),
                target.width(), target.height());
        long working = 4 * upscaler.workingSamples(picture.width(), picture.height(), picture.hasAlpha(), target);
        if (format == ImageFormat.PNG) {
            memory.require(name, job, working + PNG_BYTES_PER_THREAD * upscaler.threads());
        } else {
            if (format == ImageFormat.JPEG && Math.max(target.width(), target.height()) > JPEG_MAX_EDGE) {
                throw new ImageEncodeException(outName, target.width() + "x" + target.height()
                        + " is too large for JPEG (at most " + JPEG_MAX_EDGE + " pixels per edge); write PNG");
            }
            // The whole output as float planes, plus the encoder's interleaved copy.
            long whole = target.pixels() * (4L * (picture.hasAlpha() ? 4 : 3) + 4);
            memory.require(name, job + " in memory for " + format.displayName(), working + whole);
        }
    }

    private UpscaleResult write(Picture picture, ImageFormat format, OutputStream out, TileProgress progress,
                                long start) throws IOException {
        ImageEncoder encoder = options.encoder();
        OutputGeometry target = options.geometry(picture.width(), picture.height(), upscaler.nativeScale());
        AtomicInteger tiles = new AtomicInteger();
        TileProgress counting = (done, total) -> {
            tiles.set(total);
            progress.advanced(done, total);
        };
        if (format == ImageFormat.PNG) {
            writePng(picture, target, out, encoder, counting);
        } else {
            encoder.encode(inMemory(picture, target, counting), format, out, "<stream>");
        }
        return new UpscaleResult(picture.width(), picture.height(), target.width(), target.height(),
                upscaler.nativeScale() == 0 ? 0 : tiles.get(), (System.nanoTime() - start) / 1e9);
    }

    private Picture inMemory(Picture picture, OutputGeometry target, TileProgress progress) {
        BandCollector collector = new BandCollector(target.width(), target.height());
        BandTransform transform = options.colourTransform();
        upscaler.upscale(picture, target, (rgb, alpha) -> {
            transform.apply(rgb);
            collector.rows(rgb, alpha);
        }, progress);
        return picture.withPixels(collector.rgb(), collector.alpha());
    }

    private void writePng(Picture picture, OutputGeometry target, OutputStream out, ImageEncoder encoder,
                          TileProgress progress) throws IOException {
        boolean grey = picture.source().grey();
        int depth = encoder.pngBitDepth(picture.source());
        PngMetadata chunks = encoder.pngMetadata(picture.source(), target.width(), target.height());
        BandTransform transform = options.colourTransform();
        try (PngStreamWriter png = PngStreamWriter.builder(target.width(), target.height()).grey(grey)
                .alpha(picture.hasAlpha()).bitDepth(depth).metadata(chunks).threads(upscaler.threads())
                .open(out)) {
            RowSink sink = (rgb, alpha) -> {
                transform.apply(rgb);
                png.rows(rgb, alpha);
            };
            upscaler.upscale(picture, target, sink, progress);
            png.finish();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Width × height from the file's header, if ImageIO can read one (else the decoder reports the problem). */
    private static Optional<Long> headerPixels(Path input) {
        try (ImageInputStream in = ImageIO.createImageInputStream(input.toFile())) {
            if (in == null) {
                return Optional.empty();
            }
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return Optional.of((long) reader.getWidth(0) * reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
