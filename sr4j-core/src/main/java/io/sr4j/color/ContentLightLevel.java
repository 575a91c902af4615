package io.sr4j.color;

/**
 * CTA-861.3 content light level: MaxCLL, the brightest max(R, G, B) of any pixel, and MaxFALL,
 * the largest frame average of max(R, G, B), both in cd/m². For one frame both are that frame's;
 * {@link #combine} gives a programme's from its frames or segments.
 */
public record ContentLightLevel(double maxCll, double maxFall) {
    /** Nothing measured yet. */
    public static final ContentLightLevel NONE = new ContentLightLevel(0, 0);

    /** The level of two parts of one programme together. */
    public ContentLightLevel combine(ContentLightLevel other) {
        return new ContentLightLevel(Math.max(maxCll, other.maxCll), Math.max(maxFall, other.maxFall));
    }

    /** Whole cd/m², as HEVC SEI, Matroska and PNG's cLLi carry them (rounded up: never under-report). */
    public int maxCllNits() {
        return (int) Math.ceil(maxCll - 1e-9);
    }

    public int maxFallNits() {
        return (int) Math.ceil(maxFall - 1e-9);
    }
}
