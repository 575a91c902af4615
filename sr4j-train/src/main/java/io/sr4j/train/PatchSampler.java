package io.sr4j.train;

import io.sr4j.image.PlanarImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws training batches: random aligned HR/LR crops from random photos, one of the 8
 * flips/rotations each, optionally degraded further. Batch {@code k} depends only on the seed and
 * {@code k}, so a resumed run sees the same crops as an uninterrupted one.
 */
final class PatchSampler {
    /** A batch in NCHW order: {@code lr} is batch×3×patch×patch, {@code hr} batch×3×(patch·s)². */
    record Batch(float[] lr, float[] hr, int size, int patch, int scale) {
    }

    private final List<PhotoSet.Pair> photos;
    private final int scale;
    private final int patch;
    private final int batch;
    private final long seed;
    private final Degrader degrader;

    PatchSampler(PhotoSet photos, int scale, int patch, int batch, long seed, Degrader degrader) {
        this.photos = photos.pairs();
        this.scale = scale;
        this.patch = patch;
        this.batch = batch;
        this.seed = seed;
        this.degrader = degrader;
        for (PhotoSet.Pair p : this.photos) {
            if (p.lr().width() < patch || p.lr().height() < patch) {
                throw new IllegalArgumentException("photo " + p.name() + " is smaller than the " + patch
                        + "-pixel crop after reduction by " + scale);
            }
        }
    }

    /** Mean absolute difference of horizontal neighbours (green, 0..1) below which a crop counts as flat. */
    static final double MIN_DETAIL = 0.02;
    private static final int DRAWS = 4;

    /** Mean absolute horizontal gradient of the green plane in a square of the image. */
    static double detail(PlanarImage img, int x0, int y0, int n) {
        float[] d = img.data();
        int base = img.planeOffset(1);
        double sum = 0;
        for (int y = y0; y < y0 + n; y++) {
            int row = base + y * img.width();
            for (int x = x0 + 1; x < x0 + n; x++) {
                sum += Math.abs(d[row + x] - d[row + x - 1]);
            }
        }
        return sum / (n * (n - 1));
    }

    /** Batch number {@code step}. */
    Batch batch(long step) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        int hrPatch = patch * scale;
        float[] lr = new float[batch * 3 * patch * patch];
        float[] hr = new float[batch * 3 * hrPatch * hrPatch];
        for (int b = 0; b < batch; b++) {
            PhotoSet.Pair p = null;
            int x = 0;
            int y = 0;
            // Wallpapers are mostly sky and soft focus, where bicubic is already right: redraw a flat
            // crop up to DRAWS times, so most steps learn from edges and texture.
            for (int draw = 0; draw < DRAWS; draw++) {
                p = photos.get(random.nextInt(photos.size()));
                x = random.nextInt(p.lr().width() - patch + 1);
                y = random.nextInt(p.lr().height() - patch + 1);
                if (detail(p.lr(), x, y, patch) >= MIN_DETAIL) {
                    break;
                }
            }
            int t = random.nextInt(8);
            Dihedral.copy(p.hr().data(), p.hr().width(), p.hr().planeSize(), 3, x * scale, y * scale, hrPatch, t,
                    hr, b * 3 * hrPatch * hrPatch);
            int lrOffset = b * 3 * patch * patch;
            Dihedral.copy(p.lr().data(), p.lr().width(), p.lr().planeSize(), 3, x, y, patch, t, lr, lrOffset);
            if (degrader.active()) {
                float[] one = new float[3 * patch * patch];
                System.arraycopy(lr, lrOffset, one, 0, one.length);
                PlanarImage crop = new PlanarImage(patch, patch, 3, one);
                degrader.apply(crop, random);
                System.arraycopy(crop.data(), 0, lr, lrOffset, one.length);
            }
        }
        return new Batch(lr, hr, batch, patch, scale);
    }
}
