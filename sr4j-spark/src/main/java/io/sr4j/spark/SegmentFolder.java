package io.sr4j.spark;

import io.sr4j.video.SettingsText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A video's work directory on the output file system ({@link OutputLayout#workDirFor}) and the
 * settings its segments were made with ({@code settings.properties}: the plan's settings, the
 * input's size and time). The segments in it are kept for a re-run only when those are this run's;
 * otherwise (other settings, a changed input, a folder some other run left) it is emptied first, so
 * that no segment of other frames or settings is ever joined.
 */
final class SegmentFolder {
    static final String SETTINGS = "settings.properties";

    private final Configuration conf;
    private final Path dir;

    SegmentFolder(Configuration conf, String dir) {
        this.conf = conf;
        this.dir = new Path(dir);
    }

    /**
     * Makes the folder hold segments made with {@code settings} only.
     *
     * @return true if segments of an earlier run with the same settings were kept
     */
    boolean prepare(Map<String, String> settings, StagedFiles files, String attempt) throws IOException {
        FileSystem fs = dir.getFileSystem(conf);
        Path file = new Path(dir, SETTINGS);
        if (fs.exists(file)) {
            if (read(fs, file).equals(new TreeMap<>(settings))) {
                return true;
            }
        }
        fs.delete(dir, true);
        java.nio.file.Path local = Files.createTempFile("sr4j-settings-", ".properties");
        try {
            Files.writeString(local, text(settings), StandardCharsets.UTF_8);
            files.upload(local, file, attempt);
        } finally {
            Files.deleteIfExists(local);
        }
        return false;
    }

    private static Map<String, String> read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return SettingsText.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String text(Map<String, String> settings) {
        return SettingsText.format(settings, "sr4j batch: the settings this video's segments are made with");
    }
}
