package io.sr4j.engine.pytorch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small checkpoints written byte by byte the way {@code torch.save} (zip and legacy) and the
 * safetensors library write them, for tests: storages, tensors as strided views of them, optional
 * wrapper keys around the state dict.
 */
final class CheckpointBuilder {
    record Storage(DType dtype, byte[] data) {
        long numel() {
            return data.length / dtype.size();
        }
    }

    record Entry(String name, String storage, long offset, long[] shape, long[] stride) {
    }

    private final Map<String, Storage> storages = new LinkedHashMap<>();
    private final List<Entry> tensors = new ArrayList<>();
    private final List<String> wrappers = new ArrayList<>();

    /** A storage of raw little-endian bytes. */
    CheckpointBuilder storage(String key, DType dtype, byte[] data) {
        storages.put(key, new Storage(dtype, data));
        return this;
    }

    /** A view of a storage. */
    CheckpointBuilder tensor(String name, String storage, long offset, long[] shape, long[] stride) {
        tensors.add(new Entry(name, storage, offset, shape, stride));
        return this;
    }

    /** A contiguous float32 tensor in a storage of its own. */
    CheckpointBuilder floats(String name, float[] values, long... shape) {
        String key = Integer.toString(storages.size());
        storage(key, DType.F32, f32(values));
        return tensor(name, key, 0, shape, contiguousStride(shape));
    }

    /** Wraps the state dict in {@code {key: …}} dicts, outermost first. */
    CheckpointBuilder wrappedIn(String... keys) {
        wrappers.addAll(List.of(keys));
        return this;
    }

    /** The zip format, entries under {@code archive/} as torch.save names them. */
    byte[] zip() {
        List<Object> entries = new ArrayList<>(List.of("archive/data.pkl", objectPickle(false),
                "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII)));
        storages.forEach((key, s) -> {
            entries.add("archive/data/" + key);
            entries.add(s.data());
        });
        entries.add("archive/version");
        entries.add("3\n".getBytes(StandardCharsets.US_ASCII));
        return ZipBytes.of(entries.toArray());
    }

    /** The legacy format: five pickles, then each storage as an int64 count and its bytes. */
    byte[] legacy() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(CheckpointFormat.LEGACY_START);
        out.write('.');
        out.writeBytes(new PickleWriter().proto().integer(1001).stop().bytes());
        out.writeBytes(new PickleWriter().proto().emptyDict().mark().string("protocol_version").integer(1001)
                .string("little_endian").bool(true).setItems().stop().bytes());
        out.writeBytes(objectPickle(true));
        PickleWriter keys = new PickleWriter().proto().emptyList().mark();
        storages.keySet().forEach(keys::string);
        out.writeBytes(keys.appends().stop().bytes());
        for (Storage s : storages.values()) {
            out.writeBytes(PickleWriter.le(8, s.numel()));
            out.writeBytes(s.data());
        }
        return out.toByteArray();
    }

    /** The safetensors format (contiguous tensors only, one storage each, as that format stores them). */
    byte[] safetensors() {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", Map.of("format", "pt"));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Entry t : tensors) {
            Storage s = storages.get(t.storage());
            header.put(t.name(), Map.of("dtype", s.dtype().name(), "shape", t.shape(),
                    "data_offsets", List.of(data.size(), data.size() + s.data().length)));
            data.writeBytes(s.data());
        }
        byte[] json;
        try {
            json = new ObjectMapper().writeValueAsBytes(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PickleWriter.le(8, json.length));
        out.writeBytes(json);
        out.writeBytes(data.toByteArray());
        return out.toByteArray();
    }

    /**
     * {@code {wrapper: OrderedDict(name: _rebuild_tensor_v2(persid(storage), offset, size, stride,
     * False, OrderedDict()), …)}}, memoised as the pickler does (storage types and keys by BINGET).
     */
    private byte[] objectPickle(boolean legacy) {
        PickleWriter p = new PickleWriter().proto();
        int memo = 0;
        for (String w : wrappers) {
            p.emptyDict().put(memo++).string(w);
        }
        p.global("collections", "OrderedDict").put(memo++).emptyTuple().reduce().mark();
        for (Entry t : tensors) {
            Storage s = storages.get(t.storage());
            p.string(t.name()).global("torch._utils", "_rebuild_tensor_v2").mark();
            p.mark().string("storage").global("torch", s.dtype().storageClass()).string(t.storage()).string("cpu")
                    .integer(s.numel());
            if (legacy) {
                p.none();
            }
            p.tuple().persistentId();
            p.integer(t.offset()).ints(t.shape()).ints(t.stride()).bool(false)
                    .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
        }
        p.setItems();
        for (int i = 0; i < wrappers.size(); i++) {
            p.setItem();
        }
        return p.stop().bytes();
    }

    static long[] contiguousStride(long... shape) {
        long[] stride = new long[shape.length];
        long step = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            stride[i] = step;
            step *= shape[i];
        }
        return stride;
    }

    static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    /** 16-bit elements (fp16 or bf16 bit patterns). */
    static byte[] bits16(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }
}
