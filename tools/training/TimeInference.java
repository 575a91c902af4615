import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.resample.ResampleFilter;
import io.sr4j.resample.Resampler;
import io.sr4j.upscale.TileProgress;
import io.sr4j.upscale.Upscaler;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Inference time of catalogue models on an 800x600 photo (skimage's astronaut, bicubic-resized),
 * the median of 7 runs after 2 warm-up runs, whole image in one tile:
 *   java -cp sr4j-cli/target/sr4j.jar tools/training/TimeInference.java SCALE THREADS MODEL...
 */
public class TimeInference {
    public static void main(String[] args) {
        int scale = Integer.parseInt(args[0]);
        int threads = Integer.parseInt(args[1]);
        Path photo = Path.of(System.getProperty("user.home"), ".cache/sr4j/testdata/skimage/astronaut.png");
        PlanarImage img = Resampler.of(ResampleFilter.BICUBIC).resize(new ImageDecoder().decode(photo).rgb(), 800, 600);
        for (String model : Arrays.copyOfRange(args, 2, args.length)) {
            try (Upscaler up = Upscaler.builder().model(model).threads(threads).tileSize(800).build()) {
                double[] ms = new double[9];
                for (int i = 0; i < ms.length; i++) {
                    long t = System.nanoTime();
                    up.upscale(img, scale, TileProgress.none());
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
                double[] timed = Arrays.copyOfRange(ms, 2, ms.length);
                Arrays.sort(timed);
                System.out.printf("%s x%d 800x600 -> %dx%d: median %.0f ms (min %.0f, max %.0f), %d threads%n", model,
                        scale, 800 * scale, 600 * scale, timed[timed.length / 2], timed[0], timed[timed.length - 1], threads);
            }
        }
    }
}
