package io.sr4j.engine.ncnn;

import java.util.Optional;

/**
 * How {@link NcnnImporter} converts a model. The default ({@link #plain()}) is a faithful
 * one-input graph; the other settings serve Real-CUGAN's shared tile statistics ("syncgap") and
 * residuals the reference programs add outside the network.
 *
 * <h2>Pooling statistics (syncgap)</h2>
 * Every global <em>average</em> Pooling layer (the squeeze-excitation means of Real-CUGAN and
 * waifu2x cunet) is a <em>statistic</em>, numbered 0, 1, 2… in file order, of shape [1, C, 1, 1].
 * When statistics are exposed or injected they are named {@code gap0}, {@code gap1}, … in the ONNX
 * graph (Real-CUGAN's own blob names; waifu2x's "Pooling1"… are renamed likewise); otherwise they
 * keep their blob names. With {@code injectStatistics = k} the first k statistics are not computed:
 * each becomes an extra graph input of that name and shape, after the image input, in order. With
 * {@code exposeStatistics} every statistic still computed becomes an extra graph output, after the
 * image output, in order. {@link ConvertedModel#statistics()} lists them all with their role. So:
 * <ul>
 *   <li>{@link #statisticsPass()}: image in; image and gap0…gapN out (run on every tile, average
 *       the gaps over tiles);</li>
 *   <li>{@link #statisticsInjected()}: image and gap0…gapN in; image out (the final pass with the
 *       averaged statistics);</li>
 *   <li>{@code plain().withInjectedStatistics(k).withExposedStatistics()}: one stage of
 *       realcugan's exact mode (statistics synchronised one SE block at a time).</li>
 * </ul>
 *
 * @param exposeStatistics statistics computed by the graph are also graph outputs
 * @param injectStatistics how many of the first statistics are graph inputs instead of computed;
 *                         {@link #ALL} for all of them
 * @param inputResidual    a nearest-neighbour residual of the input to add to the image output, if any
 * @param preluAsConvolutions write per-channel PReLU as y + (1 − s)·ReLU(−y) with two 1×1 depthwise
 *                         convolutions: the same function, but ONNX Runtime's fast channel-blocked CPU
 *                         layout has no PRelu kernel, so the plain form costs two layout conversions
 *                         per PReLU (on by default; see docs/ort-cpu-notes.md)
 * @param deconvolutionAsConvolution write plain strided Deconvolution (stride equal on both axes,
 *                         dilation 1, no output padding) as Conv + DepthToSpace + Slice instead of
 *                         ConvTranspose: the same function, but ONNX Runtime has no int8
 *                         ConvTranspose and its float Conv is faster (on by default)
 */
public record ImportOptions(boolean exposeStatistics, int injectStatistics, Optional<InputResidual> inputResidual,
        boolean preluAsConvolutions, boolean deconvolutionAsConvolution) {
    /** {@code injectStatistics} value meaning "every statistic the model has". */
    public static final int ALL = Integer.MAX_VALUE;

    public ImportOptions {
        if (injectStatistics < 0) {
            throw new IllegalArgumentException("number of injected statistics must be >= 0, got " + injectStatistics);
        }
        inputResidual = inputResidual == null ? Optional.empty() : inputResidual;
    }

    /** The network as it is: image in, image out. */
    public static ImportOptions plain() {
        return new ImportOptions(false, 0, Optional.empty(), true, true);
    }

    /** Image in; image and every statistic out. */
    public static ImportOptions statisticsPass() {
        return plain().withExposedStatistics();
    }

    /** Image and every statistic in; image out. */
    public static ImportOptions statisticsInjected() {
        return plain().withInjectedStatistics(ALL);
    }

    public ImportOptions withExposedStatistics() {
        return new ImportOptions(true, injectStatistics, inputResidual, preluAsConvolutions,
                deconvolutionAsConvolution);
    }

    /** The first {@code count} statistics become graph inputs ({@link #ALL} for all). */
    public ImportOptions withInjectedStatistics(int count) {
        return new ImportOptions(exposeStatistics, count, inputResidual, preluAsConvolutions,
                deconvolutionAsConvolution);
    }

    /** Adds {@code nearest×scale(input[border : H−border, border : W−border])} to the image output. */
    public ImportOptions withInputResidual(int scale, int border) {
        return new ImportOptions(exposeStatistics, injectStatistics, Optional.of(new InputResidual(scale, border)),
                preluAsConvolutions, deconvolutionAsConvolution);
    }

    /** Whether PReLU is written as depthwise convolutions (default) or as ONNX PRelu. */
    public ImportOptions withPreluAsConvolutions(boolean enabled) {
        return new ImportOptions(exposeStatistics, injectStatistics, inputResidual, enabled,
                deconvolutionAsConvolution);
    }

    /** Whether plain strided Deconvolution is written as Conv + DepthToSpace (default) or as ConvTranspose. */
    public ImportOptions withDeconvolutionAsConvolution(boolean enabled) {
        return new ImportOptions(exposeStatistics, injectStatistics, inputResidual, preluAsConvolutions, enabled);
    }

    /**
     * A residual connection outside the ncnn network, moved into the ONNX graph: the image input,
     * cropped by {@code border} pixels on every side and enlarged {@code scale} times by
     * nearest-neighbour, is added to the image output. Real-CUGAN up4x needs (4, 19): its
     * reference program adds exactly this after the network, so the graph then maps image to image
     * like every other model.
     */
    public record InputResidual(int scale, int border) {
        public InputResidual {
            if (scale < 1) {
                throw new IllegalArgumentException("residual scale must be >= 1, got " + scale);
            }
            if (border < 0) {
                throw new IllegalArgumentException("residual border must be >= 0, got " + border);
            }
        }
    }
}
