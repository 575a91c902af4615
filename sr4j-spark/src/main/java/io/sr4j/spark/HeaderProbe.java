package io.sr4j.spark;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.Function;

/**
 * The first, cheap pass over the inputs: each image's size from its header (a few kilobytes read,
 * no pixels decoded), which the job then balances its partitions by. A header that cannot be read
 * is not an error here; the work pass decodes the file and records why it failed.
 */
final class HeaderProbe implements Function<InputFile, Probed> {
    private final HadoopConf conf;

    HeaderProbe(HadoopConf conf) {
        this.conf = conf;
    }

    @Override
    public Probed call(InputFile input) {
        Path p = new Path(input.path());
        try {
            FileSystem fs = p.getFileSystem(conf.get());
            long bytes = fs.getFileStatus(p).getLen();
            try (FSDataInputStream in = fs.open(p)) {
                return new Probed(input, ImageHeader.read(in, input.path()), bytes);
            } catch (IOException e) {
                return new Probed(input, null, bytes);
            }
        } catch (IOException e) {
            return new Probed(input, null, -1);
        }
    }
}
