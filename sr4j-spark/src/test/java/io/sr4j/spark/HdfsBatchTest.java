package io.sr4j.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sr4j.image.PlanarImage;
import io.sr4j.io.ImageDecoder;
import io.sr4j.io.ImageFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a real HDFS: an in-process MiniDFSCluster (a name node and a data node, Hadoop
 * {@code spark.hadoop.version}) holds the inputs, the outputs and the manifest; a local[2] Spark
 * reads and writes it through {@code hdfs://} paths, so every image, video segment and video goes
 * through the staging, upload and rename of {@link StagedFiles}.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsBatchTest {
    private MiniDFSCluster hdfs;
    private FileSystem fs;
    private SparkSession spark;
    private Path tmp;
    private String root;

    @BeforeAll
    void start(@TempDir Path dir) throws IOException {
        tmp = dir;
        hdfs = new MiniDFSCluster.Builder(new Configuration(), dir.resolve("hdfs").toFile()).numDataNodes(1).build();
        hdfs.waitActive();
        fs = hdfs.getFileSystem();
        root = hdfs.getURI().toString();
        spark = SparkSession.builder().master("local[2]").appName("sr4j-spark on HDFS")
                .config("spark.ui.enabled", "false").getOrCreate();
    }

    @AfterAll
    void stop() throws IOException {
        if (spark != null) {
            spark.stop();
        }
        if (hdfs != null) {
            hdfs.shutdown(true);
        }
    }

    @Test
    void theJobReadsAndWritesHdfsWithTheOutputsOfALocalRun() throws IOException {
        Path localIn = tmp.resolve("in");
        SmallBatch.writeInputs(localIn);
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(localIn.toUri()), new org.apache.hadoop.fs.Path(root + "/in"));
        String in = root + "/in";
        String out = root + "/out";

        BatchJob.Summary onHdfs = job(in, out).run();
        assertThat(onHdfs.manifest()).isEqualTo(out + "/" + BatchJob.DEFAULT_MANIFEST);
        assertThat(List.of(onHdfs.ok(), onHdfs.skipped(), onHdfs.failed()))
                .containsExactly((long) SmallBatch.GOOD.size(), 0L, 1L);
        Map<String, Row> rows = SmallBatch.byInput(spark.read().parquet(onHdfs.manifest()).collectAsList(), in);
        SmallBatch.checkManifest(rows, out);

        Path localOut = tmp.resolve("local-out");
        job(localIn.toString(), localOut.toString()).run();
        for (String relative : SmallBatch.GOOD) {
            org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(out + "/" + SmallBatch.outputFor(relative));
            assertThat((long) rows.get(relative).getAs("output_bytes")).isEqualTo(fs.getFileStatus(output).getLen());
            Path fetched = tmp.resolve("fetched").resolve(SmallBatch.outputFor(relative));
            fs.copyToLocalFile(output, new org.apache.hadoop.fs.Path(fetched.toUri()));
            PlanarImage fromHdfs = new ImageDecoder().decode(fetched).rgb();
            PlanarImage local = new ImageDecoder().decode(localOut.resolve(SmallBatch.outputFor(relative))).rgb();
            assertThat(fromHdfs.width()).isEqualTo(local.width());
            assertThat(fromHdfs.data()).as(relative).containsExactly(local.data());
        }

        List<String> images = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(out), true);
        while (files.hasNext()) {
            String name = files.next().getPath().toString().substring(out.length() + 1);
            assertThat(name).as("temporary file left on HDFS").doesNotContain(".tmp").doesNotContain("_temporary")
                    .doesNotStartWith(".").doesNotContain("/.");
            if (!name.startsWith(BatchJob.DEFAULT_MANIFEST + "/")) {
                images.add(name);
            }
        }
        assertThat(images).as("one output per good input, nothing for the broken one")
                .containsExactlyInAnyOrderElementsOf(SmallBatch.GOOD.stream().map(SmallBatch::outputFor).toList());

        BatchJob.Summary again = job(in, out).run();
        assertThat(List.of(again.ok(), again.skipped(), again.failed()))
                .as("a re-run finds the outputs on HDFS complete").containsExactly(0L, (long) SmallBatch.GOOD.size(), 1L);
    }

    @Test
    void videosOnHdfsComeOutAsFromLocalFilesWithNoSegmentOrTemporaryFileLeft() throws Exception {
        Path localIn = tmp.resolve("clips");
        VideoBatchTest.makeClip(localIn.resolve("a.mp4"), 36);
        VideoBatchTest.makeClip(localIn.resolve("more/b.mkv"), 30);
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(localIn.toUri()),
                new org.apache.hadoop.fs.Path(root + "/clips"));
        String in = root + "/clips";
        String out = root + "/clips-out";
        BatchJob.Summary onHdfs = videoJob(in, out).run();
        assertThat(List.of(onHdfs.ok(), onHdfs.skipped(), onHdfs.failed())).containsExactly(2L, 0L, 0L);
        Path localOut = tmp.resolve("clips-local-out");
        assertThat(videoJob(localIn.toString(), localOut.toString()).run().ok()).isEqualTo(2);
        for (String relative : List.of("a.mp4", "more/b.mkv")) {
            Path fetched = tmp.resolve("fetched-clips").resolve(relative);
            fs.copyToLocalFile(new org.apache.hadoop.fs.Path(out + "/" + relative),
                    new org.apache.hadoop.fs.Path(fetched.toUri()));
            assertThat(io.sr4j.video.DecodedVideo.read(fetched)
                    .differenceFrom(io.sr4j.video.DecodedVideo.read(localOut.resolve(relative)))).as(relative).isEmpty();
            assertThat(VideoBatchTest.ffprobe(fetched, "a", "stream=codec_type", false)).isEqualTo("audio");
        }
        List<String> names = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(out), true);
        while (files.hasNext()) {
            String name = files.next().getPath().toString().substring(out.length() + 1);
            if (!name.startsWith(BatchJob.DEFAULT_MANIFEST + "/")) {
                names.add(name);
            }
        }
        assertThat(names).as("the outputs only: no segment, work folder or temporary file")
                .containsExactlyInAnyOrder("a.mp4", "more/b.mkv");
    }

    private BatchJob videoJob(String input, String output) {
        return BatchJob.builder(spark, input, output).video(VideoBatchTest.VIDEO)
                .settings(BatchSettings.defaults().withModel(VideoBatchTest.MODEL).withScale(2.0)
                        .withTileSize(VideoBatchTest.TILE).withAssess(false))
                .build();
    }

    private BatchJob job(String input, String output) {
        return BatchJob.builder(spark, input, output)
                .settings(BatchSettings.defaults().withModel(SmallBatch.MODEL).withFormat(ImageFormat.PNG)).build();
    }
}
