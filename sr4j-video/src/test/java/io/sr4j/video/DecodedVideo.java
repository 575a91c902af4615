package io.sr4j.video;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A video file decoded to the end, as tests compare outputs: every frame's show time and a digest
 * of its decoded RGB samples (so two files with equal lists show the same pictures at the same
 * times, and a missing, duplicated or swapped frame changes the list), the video stream's size and
 * the colour tags its container states, and the audio stream's packets (digests) and length.
 * Reading fails on a file FFmpeg cannot open; a truncated file decodes to fewer frames or none.
 *
 * @param frames        per frame, {@code "PTS SHA-256"} of its RGB planes as sr4j decodes them
 * @param audioStreams  number of audio streams
 * @param audioPackets  SHA-256 of each packet of the first audio stream, in order
 * @param audioSeconds  summed durations of those packets
 */
public record DecodedVideo(int width, int height, int colourMatrix, int colourPrimaries, List<String> frames,
                           int audioStreams, List<String> audioPackets, double audioSeconds) {

    /** Decodes {@code file}. */
    public static DecodedVideo read(Path file) {
        MediaFile media = MediaFile.read(file);
        List<String> frames = new ArrayList<>();
        try (VideoSource source = VideoSource.open(file)) {
            source.window(Duration.ZERO, Optional.empty());
            while (source.advance()) {
                frames.add(source.pts() + " " + sha256(floatBytes(source.rgb().data())));
            }
        }
        List<Integer> colour = MediaFile.containerColour(file);
        List<String> audio = media.audioPackets().stream().map(DecodedVideo::sha256).toList();
        return new DecodedVideo(media.width(), media.height(), colour.get(0), colour.get(1), List.copyOf(frames),
                media.audioStreams(), audio, media.audioSeconds());
    }

    /**
     * How this video differs from {@code expected}, in a few words ("frame 17 of 90 differs", "72
     * frames, expected 90", …); empty if it does not. Short where a failed {@code isEqualTo} would
     * print every digest.
     */
    public String differenceFrom(DecodedVideo expected) {
        List<String> found = new ArrayList<>();
        if (width != expected.width || height != expected.height) {
            found.add(width + "x" + height + ", expected " + expected.width + "x" + expected.height);
        }
        if (colourMatrix != expected.colourMatrix || colourPrimaries != expected.colourPrimaries) {
            found.add("colour matrix/primaries " + colourMatrix + "/" + colourPrimaries + ", expected "
                    + expected.colourMatrix + "/" + expected.colourPrimaries);
        }
        if (frames.size() != expected.frames.size()) {
            found.add(frames.size() + " frames, expected " + expected.frames.size());
        }
        for (int i = 0; i < Math.min(frames.size(), expected.frames.size()); i++) {
            if (!frames.get(i).equals(expected.frames.get(i))) {
                long differing = java.util.stream.IntStream.range(i, Math.min(frames.size(), expected.frames.size()))
                        .filter(k -> !frames.get(k).equals(expected.frames.get(k))).count();
                found.add("frame " + i + " differs (" + differing + " of " + frames.size() + " from there)");
                break;
            }
        }
        if (audioStreams != expected.audioStreams || !audioPackets.equals(expected.audioPackets)) {
            found.add(audioStreams + " audio stream(s) with " + audioPackets.size() + " packets, expected "
                    + expected.audioStreams + " with " + expected.audioPackets.size() + " (or other bytes)");
        }
        return String.join("; ", found);
    }

    private static byte[] floatBytes(float[] samples) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * Float.BYTES);
        bytes.asFloatBuffer().put(samples);
        return bytes.array();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
