package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.ListeningSockets;
import fr.caducee.testkit.ListeningSockets.Listener;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.StoreScenario;

/**
 * {@code caducee.db.mode=managed}: the server runs its own PostgreSQL in a fresh data folder, mail goes in over SMTP and
 * is read over IMAPS, a {@code kill -9} of the server leaves that PostgreSQL running, the next start deals with it and
 * reads the same mail, and a clean stop leaves no PostgreSQL of the folder behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ManagedPostgresIT {
    static final String DOMAIN = "ssiad.localhost";
    static final String NURSE = "infirmiere.coordinatrice@" + DOMAIN;
    static final String DOCTOR = "medecin.traitant@" + DOMAIN;
    static final String PASSWORD = "pass-ssiad-2026";
    static final String SUBJECT = "Transmissions du soir";

    @TempDir
    static Path work;
    static CaduceeProcess server;
    static MailClient client;
    static Path pgdata;

    @BeforeAll
    static void start() throws Exception {
        // Run as root, PostgreSQL runs as an unprivileged user, which must be able to pass through the folders above.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
        server = CaduceeProcess.start(work.resolve("server"), Map.of("caducee.db.mode", "managed"),
            ManagedPostgresIT.class.getSimpleName());
        pgdata = server.dataDir().resolve("var/store/postgres");
        StoreScenario.createBoxes(server, DOMAIN, NURSE, DOCTOR, PASSWORD);
        client = new MailClient(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void mailSubmittedOverSmtpShouldBeReadOverImapsFromTheManagedDatabase() throws Exception {
        client.send(NURSE, PASSWORD, DOCTOR, SUBJECT, "Pansement refait, constantes stables.");

        assertThat(client.awaitDelivered(DOCTOR, PASSWORD, SUBJECT)).hasSize(1);
        try (Connection connection = connect();
             ResultSet tables = connection.createStatement().executeQuery(
                 "SELECT (SELECT count(*) FROM caducee_mailbox_message), "
                     + "(SELECT max(version::int) FROM caducee_schema_history)")) {
            tables.next();
            assertThat(tables.getLong(1)).as("messages in PostgreSQL").isGreaterThanOrEqualTo(1);
            assertThat(tables.getInt(2)).as("our migrations applied, the mailbox store's included").isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    @Order(1)
    void theWriteAheadLogShouldBeBoundedByAQuarterOfTheDiskReserve() throws Exception {
        try (Connection connection = connect();
             ResultSet limit = connection.createStatement().executeQuery(
                 "SELECT current_setting('max_wal_size'), current_setting('min_wal_size')")) {
            limit.next();
            assertThat(limit.getString(1)).as("a quarter of the shipped 256 MB reserve, not PostgreSQL's 1 GB")
                .isEqualTo("64MB");
            assertThat(limit.getString(2)).isEqualTo("32MB");
        }
    }

    @Test
    @Order(2)
    void theManagedPostgresqlShouldListenOnLoopbackOnlyAndTheServerOnItsListenersAlone() throws Exception {
        long postmaster = postmasterPid();
        assertThat(ListeningSockets.of(postmaster)).as("PostgreSQL's sockets: the recorded port, on loopback")
            .containsExactly(new Listener("tcp", InetAddress.getByName("127.0.0.1"), recordedPort()));

        CaduceeProcess.Ports ports = server.ports();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        Set<Listener> configured = Stream.of(ports.mx(), ports.submission(), ports.submissions(), ports.imap(),
                ports.imaps(), ports.webAdmin(), ports.directory(), ports.api(), ports.webmail())
            .map(port -> new Listener("tcp", loopback, port))
            .collect(Collectors.toSet());
        assertThat(ListeningSockets.of(server.pid())).containsExactlyInAnyOrderElementsOf(configured);

        Path secret = server.dataDir().resolve("var/store/postgres.secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        String password = Files.readString(secret).strip();
        assertThat(commandLines()).as("no password on any command line").noneMatch(line -> line.contains(password));
        if ("root".equals(System.getProperty("user.name"))) {
            assertThat(Files.getOwner(pgdata).getName()).isNotEqualTo("root");
            assertThat(Files.readString(Path.of("/proc", Long.toString(postmaster), "status")))
                .doesNotContainPattern("(?m)^Uid:\\s+0\\s");
        }
    }

    @Test
    @Order(3)
    void aKillNineOfTheServerShouldNotKeepTheNextStartFromReadingTheSameMail() throws Exception {
        long before = postmasterPid();

        server.kill();

        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive)).as("PostgreSQL outlives a killed server")
            .contains(true);

        server.startAgain();

        assertThat(client.inbox(DOCTOR, PASSWORD, SUBJECT)).hasSize(1);
        assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false))
            .as("the earlier PostgreSQL was stopped").isFalse();
        assertThat(Files.readString(server.log())).contains("left by an earlier run");
    }

    @Test
    @Order(4)
    void aCleanStopShouldLeaveNoPostgresqlOfTheDataFolder() throws Exception {
        server.stop();

        assertThat(postgresOf(pgdata)).isEmpty();
        assertThat(pgdata.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    @Order(5)
    void aMissingPasswordFileBesideAnExistingDatabaseShouldStopTheStartSayingSo() throws Exception {
        Path secret = server.dataDir().resolve("var/store/postgres.secret");
        Path aside = Files.move(secret, work.resolve("postgres.secret.aside"));
        try {
            assertThatThrownBy(server::startAgain)
                .hasMessageContaining("postgres.secret is missing but the managed PostgreSQL's database exists");
        } finally {
            Files.move(aside, secret);
        }
        assertThat(postgresOf(pgdata)).isEmpty();
    }

    private static long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(pgdata.resolve("postmaster.pid")).get(0).strip());
    }

    private static int recordedPort() throws IOException {
        return Integer.parseInt(Files.readString(server.dataDir().resolve("var/store/postgres.port")).strip());
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + recordedPort() + "/caducee", "caducee",
            Files.readString(server.dataDir().resolve("var/store/postgres.secret")).strip());
    }

    /** Processes whose command line names this database folder (the postmaster and its backends). */
    private static List<Long> postgresOf(Path folder) {
        return ProcessHandle.allProcesses()
            .filter(process -> commandLine(process.pid()).contains(folder.toString()))
            .map(ProcessHandle::pid)
            .toList();
    }

    private static List<String> commandLines() {
        return ProcessHandle.allProcesses().map(process -> commandLine(process.pid())).toList();
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }
}
