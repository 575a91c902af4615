package io.sr4j.server;

import io.sr4j.color.ColourProfiles;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecodeException;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.io.ImageTooLargeException;
import io.sr4j.model.ModelCatalog;
import io.sr4j.model.ModelInfo;
import io.sr4j.upscale.OutputOptions;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.UpscaleResult;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * The image work of the server: size checks from the header alone, then decode → sRGB → optional
 * denoise → enlarge → encode. Messages name the upload by the name the client gave, never by a
 * server path. Metadata (EXIF with its GPS position, XMP) is not copied into results: an upload
 * service should not hand a photo's location on.
 */
final class ImagePipeline {
    /** Sizes of one piece of work. */
    record Outcome(ImageFormat format, int inputWidth, int inputHeight, int outputWidth, int outputHeight) {
    }

    /** An encoded result and its sizes. */
    record Encoded(byte[] bytes, Outcome outcome) {
    }

    private final ModelPool models;
    private final ModelCatalog catalog;
    private final ImageDecoder decoder;
    private final long maxOutputPixels;
    private final ServerMetrics metrics;

    ImagePipeline(ModelPool models, ModelCatalog catalog, long maxInputPixels, long maxOutputPixels,
                  ServerMetrics metrics) {
        this.models = models;
        this.catalog = catalog;
        this.decoder = new ImageDecoder(maxInputPixels);
        this.maxOutputPixels = maxOutputPixels;
        this.metrics = metrics;
    }

    /**
     * Checks an upload before it is queued, reading only its header: that it is an image sr4j
     * decodes, and that the input and output sizes are within the limits.
     *
     * @return width and height as the header declares them
     * @throws ApiError 422 otherwise
     */
    int[] check(InputStream upload, String name, UpscaleParams params) {
        int width;
        int height;
        try {
            // A decoder allowing one pixel stops right after the header and reports the declared size.
            Picture tiny = new ImageDecoder(1).decode(upload, name);
            width = tiny.width();
            height = tiny.height();
        } catch (ImageTooLargeException e) {
            width = e.width();
            height = e.height();
        } catch (ImageDecodeException e) {
            throw unprocessable(e);
        }
        if ((long) width * height > decoder.maxPixels()) {
            throw ApiError.unprocessable("too_many_pixels", String.format(Locale.ROOT,
                    "%s: %dx%d is %d pixels, more than this server accepts (%d); send a smaller image", name, width,
                    height, (long) width * height, decoder.maxPixels()), null);
        }
        checkOutputSize(name, width, height, params);
        return new int[] {width, height};
    }

    /** Enlarges an upload held in memory; returns the encoded result. */
    Encoded run(byte[] upload, String name, UpscaleParams params, WorkControl control) {
        Picture input = decode(() -> decoder.decode(upload, name));
        Picture result = enhance(input, name, params, control);
        ImageFormat format = params.outputFormat(input.source().format());
        byte[] bytes = encoder(format, params).encode(result);
        return new Encoded(bytes, new Outcome(format, input.width(), input.height(), result.width(), result.height()));
    }

    /**
     * Input file → output file, the one method a big job runs through. The enlargement streams:
     * PNG results are written band by band (never whole in memory), through a temporary file that
     * is renamed when complete and deleted when the work stops (cancel, timeout, shutdown).
     *
     * @param output where to write, given the output format (known once the input is read)
     */
    Outcome runFile(Path input, Function<ImageFormat, Path> output, String name, UpscaleParams params,
                    WorkControl control) throws IOException {
        Picture decoded;
        try (InputStream in = Files.newInputStream(input)) {
            decoded = decode(() -> decoder.decode(in, name));
        }
        Stages stages = new Stages(params, control);
        Picture restored = restore(decoded, name, params, stages);
        ImageFormat format = params.outputFormat(decoded.source().format());
        Path target = output.apply(format);
        ImageEncoder encoder = encoder(format, params);
        Outcome outcome;
        if (params.model() == null) {
            encoder.write(restored, target);
            outcome = new Outcome(format, decoded.width(), decoded.height(), restored.width(), restored.height());
        } else {
            OutputOptions options = OutputOptions.builder().scale(params.effectiveScale(info(params)))
                    .encoder(encoder).build();
            UpscaleResult r = models.get(params.model()).upscaleToFile(restored, name, target, options,
                    stages.enlarge());
            outcome = new Outcome(format, decoded.width(), decoded.height(), r.outputWidth(), r.outputHeight());
        }
        finish(decoded, control);
        return outcome;
    }

    private Picture enhance(Picture decoded, String name, UpscaleParams params, WorkControl control) {
        Stages stages = new Stages(params, control);
        Picture picture = restore(decoded, name, params, stages);
        if (params.model() != null) {
            picture = models.get(params.model()).upscale(picture, params.effectiveScale(info(params)),
                    stages.enlarge());
        }
        finish(decoded, control);
        return picture;
    }

    /** Size check, sRGB, and the optional 1× denoise: everything before the enlargement. */
    private Picture restore(Picture decoded, String name, UpscaleParams params, Stages stages) {
        checkOutputSize(name, decoded.width(), decoded.height(), params);
        Picture picture = ColourProfiles.toSrgb(decoded);
        stages.control.progress(0);
        if (params.denoise() != null) {
            Upscaler denoiser = models.get(UpscaleParams.denoiserFor(params.denoise()));
            picture = denoiser.upscale(picture, 1, stages.denoise());
        }
        return picture;
    }

    private void finish(Picture decoded, WorkControl control) {
        control.progress(1);
        metrics.processed((long) decoded.width() * decoded.height());
    }

    /** Progress of the denoise and enlarge stages as shares of the whole work. */
    private record Stages(UpscaleParams params, WorkControl control) {
        private int count() {
            return (params.denoise() != null ? 1 : 0) + (params.model() != null ? 1 : 0);
        }

        TileProgress denoise() {
            return stage(control, 0, count());
        }

        TileProgress enlarge() {
            return stage(control, params.denoise() != null ? 1 : 0, count());
        }
    }

    /** Tile progress of stage {@code index} of {@code count}, as a share of the whole work. */
    private static TileProgress stage(WorkControl control, int index, int count) {
        return (done, total) -> control.progress((index + (double) done / total) / count);
    }

    private ModelInfo info(UpscaleParams params) {
        return params.model() == null ? null : catalog.get(params.model());
    }

    /** Refuses results (and network intermediates) larger than the limit before any work. */
    private void checkOutputSize(String name, int width, int height, UpscaleParams params) {
        OutputLimit.check(name, false, width, height, params, info(params), maxOutputPixels);
    }

    private static ImageEncoder encoder(ImageFormat format, UpscaleParams params) {
        return ImageEncoder.builder().format(format).quality(params.quality()).writeMetadata(false).build();
    }

    private interface Decode {
        Picture run();
    }

    private static Picture decode(Decode decode) {
        try {
            return decode.run();
        } catch (ImageDecodeException e) {
            throw unprocessable(e);
        }
    }

    /** 422 with a code from the decoder's reason ({@code not_an_image}, {@code truncated}, …). */
    static ApiError unprocessable(ImageDecodeException e) {
        String code = e.reason() == ImageDecodeException.Reason.TOO_LARGE ? "too_many_pixels"
                : e.reason().name().toLowerCase(Locale.ROOT);
        return ApiError.unprocessable(code, e.getMessage(), e);
    }
}
