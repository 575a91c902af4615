package io.sr4j.engine.ncnn;

import java.util.List;
import java.util.Objects;

/**
 * One layer record of an ncnn {@code .param} file.
 *
 * @param type    the layer type, e.g. {@code Convolution}
 * @param name    the layer name
 * @param bottoms names of the blobs it reads, in order
 * @param tops    names of the blobs it creates, in order
 * @param params  its {@code key=value} parameters
 * @param line    the line of the file it starts on (1-based), for messages
 */
public record NcnnLayer(String type, String name, List<String> bottoms, List<String> tops, ParamDict params, int line) {
    public NcnnLayer {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        bottoms = List.copyOf(bottoms);
        tops = List.copyOf(tops);
        Objects.requireNonNull(params, "params");
    }

    @Override
    public String toString() {
        return type + " '" + name + "' " + bottoms + " -> " + tops + (params.keys().isEmpty() ? "" : " " + params);
    }
}
