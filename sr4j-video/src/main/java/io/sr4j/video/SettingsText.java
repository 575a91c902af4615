package io.sr4j.video;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The settings a run's segments are made with, as the properties text its work folder keeps
 * ({@code sr4j video --resume}'s manifest, the Spark job's segment folders): read back sorted, so
 * two runs' settings compare with {@code equals}.
 */
public final class SettingsText {
    private SettingsText() {
    }

    /** The settings {@code text} holds. */
    public static Map<String, String> parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
        return map;
    }

    /** {@code settings} as properties text under the comment {@code comment}. */
    public static String format(Map<String, String> settings, String comment) {
        Properties properties = new Properties();
        properties.putAll(settings);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, comment);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }
}
