package fr.caducee.server.annuaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.directory.store.ObservedDirectoryStore;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Luhn;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;
import fr.caducee.identity.annuaire.AnnuaireClient;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.testkit.FakeAnnuaire;
import fr.caducee.testkit.PostgresCluster;

/**
 * Not part of the suite (no Test suffix): what publication costs. (1) A directory write observed for publication:
 * the mark before and the end after, on a real PostgreSQL, 1 and 4 writers; (2) the worker publishing boxes one at a
 * time to the test kit's fake API over HTTPS with a client certificate, on loopback; (3) marking every box for a
 * republication. Run it alone: {@code mvn -B -o -pl server -am test -Dtest=PublicationBench
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PublicationBench {
    static final int WRITES = 2_000;
    static final int PUBLISHED = 1_000;
    static final int REPUBLISHED = 100_000;

    @Test
    void measure() throws Exception {
        try (PostgresCluster postgres = PostgresCluster.start()) {
            PGSimpleDataSource database = new PGSimpleDataSource();
            database.setURL(postgres.jdbcUrl());
            database.setUser(PostgresCluster.USER);
            database.setPassword(PostgresCluster.PASSWORD);
            SchemaMigrations.apply(database);
            // A pool, as the server has (HikariCP): a new connection per statement would measure PostgreSQL's login.
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(database);
            pool.setMaximumPoolSize(8);
            try (HikariDataSource pooled = new HikariDataSource(pool)) {
                run(pooled);
            }
        }
    }

    private static void run(DataSource database) throws Exception {
        JdbcPublications queue = new JdbcPublications(database, Clock.systemUTC());
        commits(database);
        marks(queue, database, 1);
        marks(queue, database, 4);
        worker(queue, database);
        republish(queue, database);
    }

    /** What one durable commit costs on this machine: the floor of a mark, which must be on disk before the write. */
    private static void commits(DataSource database) throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS bench_commit (n INTEGER PRIMARY KEY)");
            statement.execute("TRUNCATE bench_commit");
            long start = System.nanoTime();
            for (int i = 0; i < WRITES; i++) {
                statement.execute("INSERT INTO bench_commit VALUES (" + i + ")");
            }
            long nanos = System.nanoTime() - start;
            System.out.printf("MEASURE baseline: %d one-row INSERTs, each committed, in %.2f s: %.0f us per commit%n",
                WRITES, nanos / 1e9, nanos / 1e3 / WRITES);
        }
    }

    private static void marks(JdbcPublications queue, DataSource database, int writers) throws Exception {
        empty(database);
        List<BoxAddress> boxes = boxes(WRITES);
        for (int warm = 0; warm < 200; warm++) {
            queue.changing(List.of(boxes.get(warm)));
            queue.changed(List.of(boxes.get(warm)));
        }
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int first = w;
            done.add(threads.submit(() -> {
                for (int i = first; i < WRITES; i += writers) {
                    queue.changing(List.of(boxes.get(i)));
                    queue.changed(List.of(boxes.get(i)));
                }
            }));
        }
        for (Future<?> future : done) {
            future.get();
        }
        long nanos = System.nanoTime() - start;
        threads.shutdown();
        System.out.printf("MEASURE marks: %d box writes observed by %d writer(s) in %.2f s: %.0f writes/s, %.0f us per "
            + "write and writer%n", WRITES, writers, nanos / 1e9, WRITES / (nanos / 1e9), nanos / 1e3 / WRITES * writers);
    }

    private static void worker(JdbcPublications queue, DataSource database) throws Exception {
        empty(database);
        TlsPair tls = TlsPair.make();
        try (FakeAnnuaire annuaire = FakeAnnuaire.start(tls.api())) {
            InMemoryDirectoryStore memory = new InMemoryDirectoryStore();
            DirectoryStore directory = ObservedDirectoryStore.of(memory, queue);
            List<BoxAddress> boxes = boxes(PUBLISHED);
            for (int i = 0; i < PUBLISHED; i++) {
                IdNat idNat = IdNat.rpps(Luhn.withCheckDigit(String.format("1%09d", i)));
                memory.putProfessional(new Professional(idNat, "DR", "BENCH" + i, "Prenom", "10", "", "", ""));
                directory.putBox(new Box(boxes.get(i), BoxType.PER, Optional.of(idNat), Optional.empty(),
                    Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, Instant.EPOCH, "", ""));
            }
            Publication publication = new Publication(queue, directory, new AnnuaireClient(annuaire.base(),
                tls.operator(), Duration.ofSeconds(10), Optional.empty()), record -> { }, new Publication.Backoff(
                Duration.ofSeconds(1), Duration.ofSeconds(2)), Clock.systemUTC());
            long start = System.nanoTime();
            int settled = publication.round();
            long nanos = System.nanoTime() - start;
            assertThat(settled).isEqualTo(PUBLISHED);
            assertThat(annuaire.requests()).hasSize(PUBLISHED);
            System.out.printf("MEASURE worker: %d boxes inserted one at a time over HTTPS (client certificate, loopback "
                + "fake API) in %.2f s: %.0f boxes/s, %.1f ms per box%n", PUBLISHED, nanos / 1e9,
                PUBLISHED / (nanos / 1e9), nanos / 1e6 / PUBLISHED);
        }
    }

    private static void republish(JdbcPublications queue, DataSource database) throws Exception {
        empty(database);
        List<BoxAddress> boxes = boxes(REPUBLISHED);
        long start = System.nanoTime();
        for (int i = 0; i < REPUBLISHED; i += 1000) {
            queue.republish(boxes.subList(i, Math.min(REPUBLISHED, i + 1000)));
        }
        long nanos = System.nanoTime() - start;
        System.out.printf("MEASURE republish: %d boxes marked in pages of 1,000 in %.2f s%n", REPUBLISHED, nanos / 1e9);
    }

    private static List<BoxAddress> boxes(int count) {
        List<BoxAddress> boxes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boxes.add(BoxAddress.parse("box" + i + "@bench.example"));
        }
        return boxes;
    }

    private static void empty(DataSource database) throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE annuaire_publication");
        }
    }

    /** The fake API's certificate and the operator's, from one root. */
    record TlsPair(javax.net.ssl.SSLContext api, javax.net.ssl.SSLContext operator) {
        static TlsPair make() throws Exception {
            var root = fr.caducee.trust.pki.CertificateAuthority.createRoot("Bench root",
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(1)));
            var api = root.issue(fr.caducee.trust.pki.LeafRequest.builder("localhost").dnsName("localhost")
                .serverAuth(true).clientAuth(false).build());
            var operator = root.issue(fr.caducee.trust.pki.LeafRequest.builder("bench.caducee.test")
                .dnsName("bench.caducee.test").serverAuth(true).clientAuth(true).build());
            return new TlsPair(PublicationTest.context(api, root.certificate()),
                PublicationTest.context(operator, root.certificate()));
        }
    }
}
