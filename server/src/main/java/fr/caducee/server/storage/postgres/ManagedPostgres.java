package fr.caducee.server.storage.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server that Caducée runs itself ({@code caducee.db.mode=managed}): started before James, stopped after
 * it, its files in the data folder.
 *
 * <ul>
 *   <li>{@code var/store/postgres/}: the database folder ({@code PGDATA}), owned by the account PostgreSQL runs as
 *       ({@link PostgresAccount});</li>
 *   <li>{@code var/store/postgres.secret}: the password of its one role, {@value #ROLE}, generated on first start,
 *       readable by the server's account alone; PostgreSQL's {@code initdb} reads it from a file, never from its
 *       command line;</li>
 *   <li>{@code var/store/postgres.port}: the port it listens on, on 127.0.0.1 only (no Unix socket), chosen free on
 *       first start and kept while it stays free;</li>
 *   <li>{@code var/store/postgres-binaries/<version>/}: the binaries ({@link PostgresBinaries});
 *       {@code log/postgres.log}: what PostgreSQL writes.</li>
 * </ul>
 *
 * <p>A PostgreSQL left running by an earlier JVM of this data folder (killed with {@code kill -9}) is stopped before
 * ours starts ({@link StalePostmaster}): reusing it would leave a server no process of ours can stop at shutdown,
 * whose output goes nowhere and whose settings are the earlier start's; a fast shutdown takes a second.
 */
public final class ManagedPostgres implements AutoCloseable {
    public static final String ROLE = "caducee";
    public static final String DATABASE = "caducee";
    private static final Logger LOGGER = LoggerFactory.getLogger(ManagedPostgres.class);
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final Duration STOPPED_WITHIN = Duration.ofSeconds(60);

    private final Path store;
    private final Path dataFolder;
    private final PostgresBinaries binaries;
    private final PostgresAccount account;
    private final String password;
    private final int port;
    private final WriteAheadLogLimit walLimit;
    private Process postmaster;
    private volatile boolean stopping;

    private ManagedPostgres(Path store, PostgresBinaries binaries, PostgresAccount account, String password, int port,
                            WriteAheadLogLimit walLimit) {
        this.store = store;
        this.walLimit = walLimit;
        this.dataFolder = store.resolve("postgres");
        this.binaries = binaries;
        this.account = account;
        this.password = password;
        this.port = port;
    }

    /**
     * Prepares (first start: initdb), starts and waits for the server of this data folder; its database exists.
     * {@code walLimit} bounds the log it keeps between checkpoints, out of the disk reserve.
     */
    public static ManagedPostgres start(Path dataDir, WriteAheadLogLimit walLimit) throws IOException {
        Instant begin = Instant.now();
        Path store = dataDir.resolve("var/store");
        Files.createDirectories(store);
        Files.createDirectories(dataDir.resolve("log"));
        PostgresAccount account = PostgresAccount.forThisProcess();
        account.checkCanReach(store.resolve("postgres"));
        PostgresBinaries binaries = PostgresBinaries.unpackInto(store.resolve("postgres-binaries"));
        Path secret = store.resolve("postgres.secret");
        if (!Files.exists(secret) && Files.exists(store.resolve("postgres/PG_VERSION"))) {
            // A new password would not open the database made with the old one: say so now, not after a timeout.
            throw new IllegalStateException(secret + " is missing but the managed PostgreSQL's database exists in "
                + store.resolve("postgres") + ": restore that file from the data folder's backup");
        }
        String password = passwordOf(secret);
        ManagedPostgres postgres = new ManagedPostgres(store, binaries, account, password, portOf(store),
            walLimit);
        postgres.initializeIfNew();
        postgres.stopStaleServer();
        postgres.launch(dataDir.resolve("log/postgres.log"));
        postgres.createDatabaseIfMissing();
        LOGGER.info("Managed PostgreSQL {} ready on 127.0.0.1:{} in {} ms (data {}, running as {}, max_wal_size {} MB)",
            binaries.version(), postgres.port, Duration.between(begin, Instant.now()).toMillis(), postgres.dataFolder,
            account.name(), walLimit.maxMegabytes());
        return postgres;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String user() {
        return ROLE;
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return postmaster.pid();
    }

    /** A fast shutdown (SIGINT: open sessions are ended, a checkpoint is written), forced past a minute. */
    @Override
    public void close() {
        stopping = true;
        if (postmaster == null || !postmaster.isAlive()) {
            return;
        }
        LOGGER.info("Stopping the managed PostgreSQL (pid {})", postmaster.pid());
        if (!stopProcess(postmaster.pid(), postmaster.toHandle())) {
            LOGGER.warn("The managed PostgreSQL did not stop within {} s: killed", STOPPED_WITHIN.toSeconds());
        }
    }

    private void initializeIfNew() throws IOException {
        Path version = dataFolder.resolve("PG_VERSION");
        if (Files.exists(version)) {
            String major = Files.readString(version, StandardCharsets.US_ASCII).strip();
            if (!major.equals(binaries.majorVersion())) {
                throw new IllegalStateException(dataFolder + " holds a PostgreSQL " + major + " database and this "
                    + "server ships PostgreSQL " + binaries.version() + ": upgrade the folder with pg_upgrade first");
            }
            return;
        }
        // A folder without PG_VERSION is an initdb cut short: initdb wants an empty folder.
        PostgresBinaries.deleteTree(dataFolder);
        Files.createDirectory(dataFolder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        account.own(dataFolder);
        // initdb reads the password from a file the account it runs as can read; this copy lives only while it runs.
        Path passwordFile = store.resolve("postgres-initdb.secret");
        Files.deleteIfExists(passwordFile);
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        account.own(passwordFile);
        try {
            run(account.run(List.of(binaries.bin("initdb").toString(), "-D", dataFolder.toString(), "-U", ROLE,
                "--pwfile=" + passwordFile, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C")), "initdb");
        } finally {
            Files.deleteIfExists(passwordFile);
        }
        LOGGER.info("Created the managed PostgreSQL database folder {}", dataFolder);
    }

    private void stopStaleServer() throws IOException {
        StalePostmaster stale = StalePostmaster.inspect(dataFolder, StalePostmaster::procCommandLine);
        switch (stale.verdict()) {
            case NONE -> { }
            case ID_REUSED -> {
                LOGGER.warn("{}/postmaster.pid names process {}, which is not a PostgreSQL of this folder: the file is "
                    + "left from a crash and is removed", dataFolder, stale.pid());
                Files.deleteIfExists(dataFolder.resolve("postmaster.pid"));
            }
            case RUNNING -> {
                LOGGER.warn("A PostgreSQL of this data folder is still running (pid {}), left by an earlier run that "
                    + "ended without stopping it: it is stopped (fast shutdown) before ours starts", stale.pid());
                Optional<ProcessHandle> handle = ProcessHandle.of(stale.pid());
                if (handle.isPresent() && !stopProcess(stale.pid(), handle.get())) {
                    LOGGER.warn("The earlier PostgreSQL (pid {}) did not stop within {} s: killed", stale.pid(),
                        STOPPED_WITHIN.toSeconds());
                }
            }
        }
    }

    private void launch(Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(binaries.bin("postgres").toString(), "-D", dataFolder.toString(),
            "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="));
        command.addAll(walLimit.serverOptions());
        ProcessBuilder builder = new ProcessBuilder(account.run(command))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Nothing of the server's environment (CADUCEE_* secrets among it) reaches another account's process.
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("TZ", "UTC");
        postmaster = builder.start();
        Instant deadline = Instant.now().plus(READY_WITHIN);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!postmaster.isAlive()) {
                throw new IllegalStateException("the managed PostgreSQL stopped at start (exit " + postmaster.exitValue()
                    + "): see " + log);
            }
            try (Connection connection = connect("postgres")) {
                // Nothing restarts it: say so loudly, every database operation fails from then on.
                postmaster.onExit().thenAccept(gone -> {
                    if (!stopping) {
                        LOGGER.error("The managed PostgreSQL (pid {}) exited with {} while the server runs: mail "
                            + "cannot be stored or read until the server is restarted; see {}", gone.pid(),
                            gone.exitValue(), log);
                    }
                });
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("the managed PostgreSQL was not ready within " + READY_WITHIN.toSeconds()
            + " s (" + (last == null ? "" : last.getMessage()) + "): see " + log);
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
            }
        } catch (SQLException e) {
            throw new IOException("cannot create the database " + DATABASE + " in the managed PostgreSQL", e);
        }
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database
            + "?connectTimeout=2", ROLE, password);
    }

    private static boolean stopProcess(long pid, ProcessHandle handle) {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start().waitFor();
            handle.onExit().get(STOPPED_WITHIN.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            handle.destroyForcibly();
            return false;
        }
    }

    /** The role's password: read from its owner-only file, or generated into it on first start. */
    static String passwordOf(Path file) throws IOException {
        if (Files.exists(file)) {
            String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
            if (!permissions.endsWith("------")) {
                throw new IllegalStateException(file + " holds the managed PostgreSQL's password and others can read "
                    + "or change it (" + permissions + "): chmod 600 " + file);
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path partial = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, password + "\n", StandardCharsets.UTF_8);
        Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    /** The recorded port while it is free (or held by the stale server of this folder, stopped next), else a new one. */
    static int portOf(Path store) throws IOException {
        Path file = store.resolve("postgres.port");
        if (Files.exists(file)) {
            int recorded = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (isFree(recorded) || heldByStaleServer(store, recorded)) {
                return recorded;
            }
            LOGGER.warn("Port {} recorded for the managed PostgreSQL is taken by another program: choosing another",
                recorded);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Files.writeString(file, port + "\n", StandardCharsets.US_ASCII);
        return port;
    }

    private static boolean heldByStaleServer(Path store, int port) throws IOException {
        Path pid = store.resolve("postgres/postmaster.pid");
        if (!Files.exists(pid)) {
            return false;
        }
        List<String> lines = Files.readAllLines(pid, StandardCharsets.UTF_8);
        return lines.size() > 3 && lines.get(3).strip().equals(Integer.toString(port))
            && StalePostmaster.inspect(store.resolve("postgres"), StalePostmaster::procCommandLine).verdict()
                == StalePostmaster.Verdict.RUNNING;
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void run(List<String> command, String what) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the managed PostgreSQL's " + what + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the managed PostgreSQL started", e);
        }
    }
}
