package io.sr4j.engine.ncnn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NcnnParamParserTest {
    private static final String GOOD = """
            7767517
            4 5
            Input            in0      0 1 in0
            Convolution      conv     1 1 in0 c 0=32 1=3 5=1 6=864 9=2 -23310=1,1.000000e-01
            Split            split    1 2 c c0 c1
            Crop             crop     1 1 c0 out -23309=2,4,4 -23310=2,-4,-4 -23311=2,-2,-1 2=1.5 3=0.25E+1 4=7 13=3,1,2
            """;

    @Test
    void parsesLayersBlobsAndTypedParams() {
        NcnnNetwork net = NcnnParamParser.parse(GOOD, "good.param");
        assertThat(net.source()).isEqualTo("good.param");
        assertThat(net.blobCount()).isEqualTo(5);
        assertThat(net.layers()).extracting(NcnnLayer::type).containsExactly("Input", "Convolution", "Split", "Crop");
        NcnnLayer conv = net.layers().get(1);
        assertThat(conv.name()).isEqualTo("conv");
        assertThat(conv.bottoms()).containsExactly("in0");
        assertThat(conv.tops()).containsExactly("c");
        assertThat(conv.line()).isEqualTo(4);
        ParamDict p = conv.params();
        assertThat(p.keys()).containsExactly(0, 1, 5, 6, 9, 10);
        assertThat(p.getInt(0, -1)).isEqualTo(32);
        assertThat(p.getInt(11, p.getInt(1, 0))).isEqualTo(3); // default chain as ncnn
        assertThat(p.isArray(10)).isTrue();
        assertThat(p.getFloats(10)).containsExactly(0.1f);
        assertThat(net.layers().get(2).tops()).containsExactly("c0", "c1");

        ParamDict crop = net.layers().get(3).params();
        assertThat(crop.getInts(9)).containsExactly(4, 4);
        assertThat(crop.getInts(10)).containsExactly(-4, -4);
        assertThat(crop.getInts(11)).containsExactly(-2, -1);
        assertThat(crop.getFloat(2, 0f)).isEqualTo(1.5f);
        assertThat(crop.getFloat(3, 0f)).isEqualTo(2.5f);
        assertThat(crop.getInt(4, 0)).isEqualTo(7);
        assertThat(crop.getInts(13)).containsExactly(3, 1, 2); // newer "k=a,b,c" array form
        assertThat(crop.getFloats(14)).isEmpty();
    }

    @Test
    void lineBreaksCarryNoMeaning() {
        String oneLine = GOOD.replace('\n', ' ');
        NcnnNetwork a = NcnnParamParser.parse(GOOD, "a");
        NcnnNetwork b = NcnnParamParser.parse(oneLine, "b");
        assertThat(b.layers()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(b.layers().get(i).params()).isEqualTo(a.layers().get(i).params());
            assertThat(b.layers().get(i).tops()).isEqualTo(a.layers().get(i).tops());
        }
    }

    @Test
    void elementsOfOldStyleArraysAreTypedOneByOne() {
        NcnnNetwork net = NcnnParamParser.parse("7767517 1 1 Input in 0 1 x -23301=3,1,2.5,-3e-1", "mixed");
        ParamDict p = net.layers().get(0).params();
        assertThatThrownBy(() -> p.getInts(1)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("mixed: layer 'in' (Input): param 1 must be an array of integers");
        // the int element 1 is not read as a float (ncnn would see its bit pattern)
        assertThatThrownBy(() -> p.getFloats(1)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("the integer 1");
    }

    @Test
    void wrongTypesAreRefusedNotReinterpreted() {
        ParamDict p = NcnnParamParser.parse("7767517 1 1 Input in 0 1 x 0=2 1=2.0 2=0 3=-233", "t").layers().get(0)
                .params();
        assertThatThrownBy(() -> p.getFloat(0, 0f)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("param 0 must be a float, the file has the integer 2");
        assertThatThrownBy(() -> p.getInt(1, 0)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("param 1 must be an integer, the file has the float 2.0");
        assertThat(p.getFloat(2, 5f)).isEqualTo(0f); // int 0 has the bits of 0.0
        assertThat(p.getInt(3, 0)).isEqualTo(-233);
        assertThatThrownBy(() -> p.getInts(0)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("must be an array");
    }

    @Test
    void badFilesGiveClearErrors() {
        assertParseError("", "empty file");
        assertParseError("7767518 1 1 Input in 0 1 x", "expected the magic number 7767517");
        assertParseError("PK\u0003\u0004 junk", "not an ncnn text .param file");
        assertParseError("7767517 2", "file ends before the blob count");
        assertParseError("7767517 2 2 Input in 0 1 x Convolution conv 1 1", "file ends in layer 'conv' (Convolution)"
                + " before its bottom blob 1 of 1 (truncated?)");
        assertParseError("7767517 2 2 Input in 0 1 x", "file ends in layer 2 of 2 before its type");
        assertParseError("7767517 2 2 Input in 0 1 x ReLU r 1 1 y z", "reads blob 'y', which no earlier layer creates");
        assertParseError("7767517 2 2 Input in 0 1 x ReLU r 1 1 x x", "creates blob 'x', already created by layer 'in'");
        assertParseError("7767517 2 1 Input in 0 1 x ReLU r 1 1 x y", "header declares only 1 blobs");
        assertParseError("7767517 1 1 Input in 0 1 x ReLU r 1 1 x y", "unexpected text 'ReLU' after the last of the 1 layers");
        assertParseError("7767517 1 1 Input in 0 1 x 32=1", "parameter key 32 out of range");
        assertParseError("7767517 1 1 Input in 0 1 x 0=1 0=2", "parameter 0 given twice");
        assertParseError("7767517 1 1 Input in 0 1 x -23309=3,1,2", "declares 3 elements but has 2");
        assertParseError("7767517 1 1 Input in 0 1 x 0=abc", "string parameters are not supported");
        assertParseError("7767517 1 1 Input in 0 1 x 0=1.2.3", "'1.2.3' is not a number");
        assertParseError("7767517 1 1 Input in 0 1 x 0=1,2.5", "mixes integers and floats");
        assertParseError("7767517 1 1 Input in x 1 y", "bottom count must be an integer, got 'x'");
        assertParseError("7767517 1 1 12 in 0 1 y", "expected a layer type, got '12'");
    }

    private static void assertParseError(String text, String message) {
        assertThatThrownBy(() -> NcnnParamParser.parse(text, "bad.param"))
                .isInstanceOf(ModelImportException.class)
                .hasMessageStartingWith("bad.param:")
                .hasMessageContaining(message);
    }

    @Test
    void errorsNameTheLine() {
        String text = "7767517\n2 2\nInput in 0 1 x\nReLU r 1 1 nothing y\n";
        assertThatThrownBy(() -> NcnnParamParser.parse(text, "f.param")).hasMessageStartingWith("f.param:4:");
    }

    @Test
    void readsFilesAndRejectsBinaryOnes(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("good.param");
        Files.writeString(good, GOOD);
        assertThat(NcnnParamParser.parse(good).layers()).hasSize(4);
        Path binary = dir.resolve("model.param.bin");
        Files.write(binary, new byte[] {(byte) 0xdd, (byte) 0x8c, 0x76, 0x00, (byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> NcnnParamParser.parse(binary)).isInstanceOf(ModelImportException.class)
                .hasMessageContaining("model.param.bin").hasMessageContaining("not an ncnn text .param file");
        assertThatThrownBy(() -> NcnnParamParser.parse(dir.resolve("missing.param")))
                .isInstanceOf(ModelImportException.class).hasMessageContaining("cannot read");
        assertThat(List.of(GOOD.getBytes(StandardCharsets.UTF_8).length)).isNotEmpty();
    }
}
