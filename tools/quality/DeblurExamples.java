import io.sr4j.deblur.BlindDeblur;
import io.sr4j.deblur.BlurKernel;
import io.sr4j.deblur.Convolution;
import io.sr4j.deblur.WienerDeconvolution;
import io.sr4j.image.Picture;
import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.quality.Degradations;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the crops of docs/QUALITY.md's deblurring compare table: a held-out photo blurred
 * (8-bit, as a file), Wiener given the true kernel, sr4j-deblur (blind), and the sharp original.
 * Run from the repository root with the command-line jar on the class path:
 *   java -cp sr4j-cli/target/sr4j.jar tools/quality/DeblurExamples.java PHOTO_DIR docs/deblur
 */
public class DeblurExamples {
    public static void main(String[] args) throws Exception {
        Path photos = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        write(photos.resolve("astronaut.png"), 170, 70, "astronaut-motion15", BlurKernel.motion(15, 30), out);
        write(photos.resolve("coffee.png"), 300, 80, "coffee-defocus4", BlurKernel.defocus(4.3), out);
    }

    private static void write(Path photo, int x, int y, String name, BlurKernel kernel, Path out) {
        PlanarImage full = new ImageDecoder().decode(photo).rgb();
        // Blur a larger window than shown, so the crop's border is blurred by real neighbours.
        int margin = 48;
        int side = 192;
        PlanarImage window = full.crop(x - margin, y - margin, side + 2 * margin, side + 2 * margin);
        PlanarImage blurred = Degradations.quantize(Convolution.convolve(window, kernel));
        PlanarImage wiener = new WienerDeconvolution().restore(blurred, kernel);
        PlanarImage blind = new BlindDeblur(2).restore(blurred).image();
        save(window, margin, side, out.resolve(name + "-sharp.png"));
        save(blurred, margin, side, out.resolve(name + "-blurred.png"));
        save(wiener, margin, side, out.resolve(name + "-wiener-true-kernel.png"));
        save(blind, margin, side, out.resolve(name + "-sr4j-deblur.png"));
    }

    private static void save(PlanarImage image, int margin, int side, Path file) {
        ImageEncoder.defaults().write(Picture.of(image.crop(margin, margin, side, side)), file);
        System.out.println("wrote " + file);
    }
}
