package fr.caducee.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import fr.caducee.server.storage.DataFolderSpace;
import fr.caducee.server.storage.StoredFolder;

/**
 * What the free-space check of every SMTP transaction costs (StorageReserveHook asks it at MAIL FROM and at the end of
 * DATA): {@link DataFolderSpace#usableBytes()} over a data folder's {@code var/} and {@code var/audit}, one
 * {@code statvfs} per file system, next to {@link File#getUsableSpace()} on the same folder. Runs with the server's
 * classpath:
 * {@code java -cp "bench/target/caducee-bench.jar:bench/target/lib/*:server/target/caducee-server.jar:server/target/lib/*" org.openjdk.jmh.Main StorageSpaceBenchmark}
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class StorageSpaceBenchmark {
    private DataFolderSpace space;
    private File var;

    @Setup
    public void setUp() throws IOException {
        Path data = Files.createTempDirectory("bench-space-");
        Path varFolder = Files.createDirectories(data.resolve("var/audit")).getParent();
        var = varFolder.toFile();
        space = new DataFolderSpace(Set.of(new StoredFolder(varFolder), new StoredFolder(varFolder.resolve("audit"))));
    }

    @Benchmark
    public long dataFolderSpace() throws IOException {
        return space.usableBytes();
    }

    @Benchmark
    public long fileUsableSpace() {
        return var.getUsableSpace();
    }
}
