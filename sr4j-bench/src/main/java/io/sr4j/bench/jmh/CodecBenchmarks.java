package io.sr4j.bench.jmh;

import io.sr4j.bench.SyntheticPhoto;
import io.sr4j.image.Picture;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageEncoder;
import io.sr4j.io.ImageFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/** Encoding and decoding a 1600×1200 image (an 800×600 ×2 output), milliseconds per image. */
public class CodecBenchmarks extends QuickBenchmark {
    @Param({"PNG", "JPEG", "WEBP"})
    public String format;

    private Picture picture;
    private ImageEncoder encoder;
    private byte[] encoded;
    private final ImageDecoder decoder = new ImageDecoder();

    @Setup
    public void setUp() {
        picture = Picture.of(SyntheticPhoto.of(1600, 1200, 1));
        encoder = ImageEncoder.builder().format(ImageFormat.valueOf(format)).build();
        encoded = encoder.encode(picture);
    }

    @Benchmark
    public byte[] encode() {
        return encoder.encode(picture);
    }

    @Benchmark
    public Picture decode() {
        return decoder.decode(encoded, "bench." + format.toLowerCase(java.util.Locale.ROOT));
    }
}
