package io.sr4j.video;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A time in a video as the command lines write it ({@code --start}, {@code --duration}): seconds
 * ({@code 90}, {@code 1.5}) or a clock ({@code 1:30}, {@code 0:01:30.5}).
 */
public final class VideoTime {
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(?:(\\d+):)?(\\d+(?:\\.\\d+)?)");

    private VideoTime() {
    }

    /**
     * The time {@code text} names.
     *
     * @throws IllegalArgumentException for text of another form, saying which forms are taken
     */
    public static Duration parse(String text) {
        Matcher m = CLOCK.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(text + ": give seconds (90, 1.5) or [h:]m:s (1:30)");
        }
        double seconds = Double.parseDouble(m.group(3));
        if (m.group(2) != null) {
            seconds += Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(1)) * 3600;
        } else if (m.group(1) != null) {
            seconds += Long.parseLong(m.group(1)) * 60;
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
