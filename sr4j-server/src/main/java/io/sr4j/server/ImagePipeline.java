package io.sr4j.server;

import io.sr4j.io.ImageDecodeException;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import io.sr4j.pipeline.ImageRestorer;
import io.sr4j.pipeline.ImageSource;
import io.sr4j.pipeline.OutputTarget;
import io.sr4j.pipeline.RestoreOptions;
import io.sr4j.pipeline.RestoreProgress;
import io.sr4j.pipeline.RestoreResult;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * The image work of the server: the library's {@link ImageRestorer} with the client's pipeline,
 * after size checks from the header alone. Messages name the upload by the name the client gave,
 * never by a server path. Metadata (EXIF with its GPS position, XMP) is not copied into results:
 * an upload service should not hand a photo's location on.
 */
final class ImagePipeline {
    /** Sizes of one piece of work. */
    /** What one image came out as; {@code pipeline} names every model that ran (the tier's choice included). */
    record Outcome(ImageFormat format, int inputWidth, int inputHeight, int outputWidth, int outputHeight,
                   String pipeline) {
        static Outcome of(RestoreResult r) {
            return new Outcome(r.format(), r.inputWidth(), r.inputHeight(), r.outputWidth(), r.outputHeight(),
                    r.spec());
        }
    }

    /** An encoded result and its sizes. */
    record Encoded(byte[] bytes, Outcome outcome) {
    }

    private final ModelPool models;
    private final long maxInputPixels;
    private final long maxOutputPixels;
    private final ServerMetrics metrics;

    ImagePipeline(ModelPool models, long maxInputPixels, long maxOutputPixels, ServerMetrics metrics) {
        this.models = models;
        this.maxInputPixels = maxInputPixels;
        this.maxOutputPixels = maxOutputPixels;
        this.metrics = metrics;
    }

    /**
     * Checks an upload before it is queued, reading only its header: that it is an image sr4j
     * decodes, and that the input and every stage's output are within the limits.
     *
     * @return width and height as the header declares them
     * @throws ApiError 422 otherwise
     */
    int[] check(ImageSource upload, UpscaleParams params) {
        String name = upload.name();
        int[] size;
        try {
            size = upload.declaredSize();
        } catch (ImageDecodeException e) {
            throw unprocessable(e);
        }
        int width = size[0];
        int height = size[1];
        if ((long) width * height > maxInputPixels) {
            throw ApiError.unprocessable("too_many_pixels", String.format(Locale.ROOT,
                    "%s: %dx%d is %d pixels, more than this server accepts (%d); send a smaller image", name, width,
                    height, (long) width * height, maxInputPixels), null);
        }
        ImageRestorer restorer = restorer(params, null);
        OutputLimit.check(name, false, width, height, restorer.spec().toString(), restorer.estimate(width, height),
                maxOutputPixels);
        return size;
    }

    /** Restores an upload held in memory; returns the encoded result. */
    Encoded run(byte[] upload, String name, UpscaleParams params, WorkControl control) {
        ImageFormat format = params.format() == null ? null : params.outputFormat(null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RestoreResult r = restore(params, format, ImageSource.bytes(upload, name), OutputTarget.stream(out), control);
        return new Encoded(out.toByteArray(), Outcome.of(r));
    }

    /**
     * Input file → output file, the one method a big job runs through. The work streams: PNG
     * results are written band by band (never whole in memory), through a temporary file that is
     * renamed when complete and deleted when the work stops (cancel, timeout, shutdown).
     *
     * @param output where to write, given the output format (known once the input is read)
     */
    Outcome runFile(Path input, Function<ImageFormat, Path> output, String name, UpscaleParams params,
                    WorkControl control) {
        ImageFormat format = params.format() == null ? null : params.outputFormat(null);
        return Outcome.of(restore(params, format, ImageSource.file(input, name), OutputTarget.fileFor(output),
                control));
    }

    private RestoreResult restore(UpscaleParams params, ImageFormat format, ImageSource source, OutputTarget target,
                                  WorkControl control) {
        ImageRestorer restorer = restorer(params, format);
        control.progress(0);
        RestoreResult result;
        try {
            result = restorer.restore(source, target, RestoreProgress.fraction(control::progress));
        } catch (ImageDecodeException e) {
            throw unprocessable(e);
        }
        control.progress(1);
        metrics.processed((long) result.inputWidth() * result.inputHeight());
        return result;
    }

    /** The client's pipeline over the shared models; the result carries no metadata. */
    private ImageRestorer restorer(UpscaleParams params, ImageFormat format) {
        ImageEncoder.Builder encoder = ImageEncoder.builder().quality(params.jpegQuality());
        if (format != null) {
            encoder.format(format);
        }
        RestoreOptions options = RestoreOptions.builder().encoder(encoder.build()).maxPixels(maxInputPixels)
                .metadata(RestoreOptions.Metadata.STRIP).quality(params.tier()).build();
        return models.restorer(params, options);
    }

    /** 422 with a code from the decoder's reason ({@code not_an_image}, {@code truncated}, …). */
    static ApiError unprocessable(ImageDecodeException e) {
        String code = e.reason() == ImageDecodeException.Reason.TOO_LARGE ? "too_many_pixels"
                : e.reason().name().toLowerCase(Locale.ROOT);
        return ApiError.unprocessable(code, e.getMessage(), e);
    }
}
