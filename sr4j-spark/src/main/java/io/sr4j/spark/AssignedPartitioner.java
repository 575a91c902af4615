package io.sr4j.spark;

import org.apache.spark.Partitioner;

/** Sends each record to the partition its key names: the key is the partition {@link PixelBalancer} chose. */
final class AssignedPartitioner extends Partitioner {
    private final int partitions;

    AssignedPartitioner(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AssignedPartitioner other && other.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return partitions;
    }
}
