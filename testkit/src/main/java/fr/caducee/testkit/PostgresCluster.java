package fr.caducee.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster from the machine's own PostgreSQL binaries (Debian's postgresql package, which
 * scripts/test installs), listening on loopback only. PostgreSQL refuses to run as root, so as root it runs as the
 * postgres system user.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final String USER = "caducee";
    public static final String PASSWORD = "caducee-test-2026";

    private final Path workDir;
    private final Path bin;
    private final int port;
    private Process postgres;

    private PostgresCluster(Path workDir, Path bin, int port) {
        this.workDir = workDir;
        this.bin = bin;
        this.port = port;
    }

    /** In a folder of its own under the system temporary folder, which the postgres user can reach. */
    public static PostgresCluster start() throws Exception {
        Path workDir = Files.createTempDirectory("caducee-postgres-");
        PostgresCluster cluster = new PostgresCluster(workDir, binaries(), CaduceeProcess.freePort());
        cluster.initAndStart();
        return cluster;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/caducee";
    }

    private void initAndStart() throws Exception {
        Path dataDir = workDir.resolve("pgdata");
        Path passwordFile = workDir.resolve("pgpass");
        Files.writeString(passwordFile, PASSWORD + "\n");
        if (isRoot()) {
            run(List.of("chown", "-R", "postgres:postgres", workDir.toString()));
        }
        run(asPostgres(bin.resolve("initdb").toString(), "-D", dataDir.toString(), "-U", USER,
            "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--no-sync"));
        postgres = new ProcessBuilder(asPostgres(bin.resolve("postgres").toString(), "-D", dataDir.toString(),
            "-p", String.valueOf(port), "-h", "127.0.0.1", "-k", workDir.toString(), "-c", "fsync=on"))
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("postgres.log").toFile())
            .start();
        awaitReady();
        run(asPostgres(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER,
            "caducee"), PASSWORD);
    }

    private void awaitReady() throws Exception {
        for (int attempt = 0; attempt < 120; attempt++) {
            Process check = new ProcessBuilder(bin.resolve("pg_isready").toString(), "-h", "127.0.0.1",
                "-p", String.valueOf(port)).redirectErrorStream(true).start();
            if (check.waitFor() == 0) {
                return;
            }
            if (!postgres.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited; see " + workDir.resolve("postgres.log"));
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("PostgreSQL not ready; see " + workDir.resolve("postgres.log"));
    }

    @Override
    public void close() throws Exception {
        if (postgres != null) {
            postgres.destroy();
            postgres.waitFor(30, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static List<String> asPostgres(String... command) {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        return line;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command) throws Exception {
        run(command, null);
    }

    private static void run(List<String> command, String password) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null) {
            builder.environment().put("PGPASSWORD", password);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("PostgreSQL is not installed (/usr/lib/postgresql missing): "
                + "scripts/test installs Debian's postgresql package");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin"))
                .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                .max(Comparator.comparing(Path::toString))
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries under " + root));
        }
    }
}
