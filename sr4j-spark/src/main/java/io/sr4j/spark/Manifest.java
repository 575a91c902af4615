package io.sr4j.spark;

import io.sr4j.quality.ImageAssessment;
import java.util.OptionalInt;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet manifest's columns: one row per input (and per segment of a video), written once at
 * the end of the job from the per-image results (a Spark write commits exactly one attempt of each
 * task, so retried and speculative tasks leave each input exactly once) and the videos' lines,
 * which the driver collected the same way ({@link VideoJob}).
 */
final class Manifest {
    static final String STATUS = "status";
    static final String KIND = "kind";

    static final StructType SCHEMA = new StructType(new StructField[] {
        column("input", DataTypes.StringType, false),
        column("output", DataTypes.StringType, false),
        column(STATUS, DataTypes.StringType, false),
        column("error", DataTypes.StringType, true),
        column("input_width", DataTypes.IntegerType, true),
        column("input_height", DataTypes.IntegerType, true),
        column("input_bytes", DataTypes.LongType, true),
        column("output_width", DataTypes.IntegerType, true),
        column("output_height", DataTypes.IntegerType, true),
        column("output_bytes", DataTypes.LongType, true),
        column("model", DataTypes.StringType, false),
        column("model_sha256", DataTypes.StringType, true),
        column("denoise_model", DataTypes.StringType, true),
        column("seconds", DataTypes.DoubleType, false),
        // The no-reference signals of `sr4j assess` (docs/QUALITY.md).
        column("jpeg_quality", DataTypes.IntegerType, true),
        column("blockiness", DataTypes.DoubleType, true),
        column("blur", DataTypes.DoubleType, true),
        column("noise", DataTypes.DoubleType, true),
        column("illustration_score", DataTypes.DoubleType, true),
        column("verdict", DataTypes.StringType, true),
        // Videos (#25): one line per video and one per segment of it.
        column(KIND, DataTypes.StringType, false),
        column("segment", DataTypes.IntegerType, true),
        column("frames", DataTypes.LongType, true),
    });

    private Manifest() {
    }

    static Row toRow(ManifestRow r) {
        ImageAssessment q = r.quality();
        OptionalInt jpeg = q == null ? OptionalInt.empty() : q.jpegQuality();
        return RowFactory.create(r.input(), r.output(), r.status().label(), r.error(), r.inputWidth(),
                r.inputHeight(), r.inputBytes(), r.outputWidth(), r.outputHeight(), r.outputBytes(), r.model(),
                r.modelSha256(), r.denoiseModel(), r.seconds(),
                jpeg.isPresent() ? jpeg.getAsInt() : null,
                q == null ? null : q.blockiness(),
                q == null ? null : q.blur(),
                q == null ? null : q.noise(),
                q == null ? null : q.illustrationScore(),
                q == null ? null : q.verdict(),
                r.kind().label(), r.segment(), r.frames());
    }

    /** The value of {@code column} in a manifest row made by {@link #toRow} (such rows carry no schema). */
    static Object value(Row row, String column) {
        return row.get(SCHEMA.fieldIndex(column));
    }

    private static StructField column(String name, DataType type, boolean nullable) {
        return DataTypes.createStructField(name, type, nullable);
    }
}
