package io.sr4j.cli;

import io.sr4j.model.ModelInfo;
import io.sr4j.upscale.Upscaler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A model the command runs: a catalogue entry, or a model file the user named.
 *
 * @param info the catalogue entry, if it came from the catalogue
 * @param file the model file, if it did not
 */
record ModelChoice(Optional<ModelInfo> info, Path file) {
    static ModelChoice catalogued(ModelInfo info) {
        return new ModelChoice(Optional.of(info), null);
    }

    static ModelChoice file(Path file) {
        return new ModelChoice(Optional.empty(), file);
    }

    /** The catalogue id, or the file's name without its extension (for output names). */
    String name() {
        if (info.isPresent()) {
            return info.get().id();
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** What the cache keys loaded upscalers by. */
    String key() {
        return info.map(ModelInfo::id).orElseGet(() -> file.toAbsolutePath().toString());
    }

    /** Points {@code builder} at this model. */
    Upscaler.Builder configure(Upscaler.Builder builder) {
        return info.isPresent() ? builder.model(info.get().id()) : builder.modelFile(file);
    }

    /**
     * The SHA-256 of the weights, for the provenance note: what the catalogue records (the ncnn
     * {@code .bin}, else the first file), or the model file hashed; null for classical filters or
     * an unreadable file.
     */
    String weightsSha256() {
        if (info.isPresent()) {
            return info.get().weightsSha256().orElse(null);
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return null; // the note then names the model without a hash
        }
    }
}
