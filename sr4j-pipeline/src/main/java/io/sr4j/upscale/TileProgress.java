package io.sr4j.upscale;

/** Told after each network tile finishes, so a front end can draw progress on long work. */
@FunctionalInterface
public interface TileProgress {
    /**
     * @param done  work units finished so far (tiles; Real-CUGAN's statistics pass counts too)
     * @param total work units of the whole image
     */
    void advanced(int done, int total);

    static TileProgress none() {
        return (done, total) -> {
        };
    }
}
