package io.sr4j.pipeline;

import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.upscale.OutputGeometry;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.TileReuse;
import io.sr4j.upscale.Upscaler;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A pipeline planned once for video frames of one size ({@link ImageRestorer#frames}): each frame
 * runs the stages in float, in order, and comes out at {@link #width()} × {@link #height()}.
 */
public final class FrameStages implements UnaryOperator<PlanarImage> {
    private final List<PlannedStep> steps;
    private final List<Upscaler> upscalers;
    private final List<TileReuse> reuses;
    private final List<OutputGeometry> sizes;
    private final String scale;
    private final int width;
    private final int height;

    FrameStages(List<PlannedStep> steps, List<Upscaler> upscalers, List<TileReuse> reuses, List<OutputGeometry> sizes,
                String scale, int width, int height) {
        this.steps = List.copyOf(steps);
        this.upscalers = List.copyOf(upscalers);
        this.reuses = List.copyOf(reuses);
        this.sizes = List.copyOf(sizes);
        this.scale = scale;
        this.width = width;
        this.height = height;
    }

    @Override
    public PlanarImage apply(PlanarImage frame) {
        Picture picture = Picture.of(frame);
        for (int i = 0; i < steps.size(); i++) {
            picture = upscalers.get(i).upscale(picture, sizes.get(i), TileProgress.none());
        }
        return picture.rgb();
    }

    /** Network tiles run so far, over every frame and stage (counted where tiles may be reused; else 0). */
    public long tilesRun() {
        return reuses.stream().mapToLong(TileReuse::tilesRun).sum();
    }

    /**
     * Network tiles that took the previous frame's output (their input unchanged) so far; 0 without
     * {@link RestoreOptions#tileReuse()}.
     */
    public long tilesReused() {
        return reuses.stream().mapToLong(TileReuse::tilesReused).sum();
    }

    public List<PlannedStep> steps() {
        return steps;
    }

    /** The overall factor, as written ({@code 4}, {@code 2.5}). */
    public String scale() {
        return scale;
    }

    /** The overall factor (width out / width in, as the stages asked). */
    public double factor() {
        return Double.parseDouble(scale);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The models in order, e.g. {@code waifu2x-cunet-noise1 then sr4j-fast-x2}. */
    public String modelNames() {
        return steps.stream().map(PlannedStep::name).collect(Collectors.joining(" then "));
    }

    /** The stages as a spec naming every model. */
    public String spec() {
        return steps.stream().map(PlannedStep::toSpec).collect(Collectors.joining(","));
    }
}
