package fr.caducee.server.annuaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.Decision;
import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.directory.store.ObservedDirectoryStore;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;
import fr.caducee.identity.annuaire.AnnuaireClient;
import fr.caducee.server.storage.SchemaMigrations;
import fr.caducee.testkit.FakeAnnuaire;
import fr.caducee.testkit.FakeAnnuaire.Answer;
import fr.caducee.testkit.MutableClock;
import fr.caducee.testkit.PostgresCluster;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;

/**
 * The worker with its queue in a real PostgreSQL, the directory in memory (observed as the server observes it) and
 * the test kit's fake of the API MSSanté over HTTPS with a client certificate.
 */
class PublicationTest {
    static final IdNat DOCTOR = IdNat.parse("810000005479");
    static final Finess HOSPITAL = Finess.parse("123456782");
    static final BoxAddress PER = BoxAddress.parse("claire.martin@chu.example");
    static final BoxAddress OTHER = BoxAddress.parse("paul.durand@chu.example");
    static final BoxAddress ORG = BoxAddress.parse("cardiologie@chu.example");
    static final IdNat OTHER_DOCTOR = IdNat.parse("810000000082");
    static final Publication.Backoff BACKOFF = new Publication.Backoff(Duration.ofSeconds(30), Duration.ofMinutes(10));

    static PostgresCluster postgres;
    static PGSimpleDataSource database;
    static FakeAnnuaire annuaire;
    static SSLContext operator;

    final MutableClock clock = new MutableClock(Instant.parse("2027-01-10T09:00:00Z"));
    final List<AuditRecord> audited = new CopyOnWriteArrayList<>();
    InMemoryDirectoryStore memory;
    DirectoryStore directory;
    JdbcPublications queue;
    Publication publication;

    @BeforeAll
    static void startPostgresqlAndTheApi() throws Exception {
        postgres = PostgresCluster.start();
        database = new PGSimpleDataSource();
        database.setURL(postgres.jdbcUrl());
        database.setUser(PostgresCluster.USER);
        database.setPassword(PostgresCluster.PASSWORD);
        SchemaMigrations.apply(database);
        CertificateAuthority root = CertificateAuthority.createRoot("Annuaire test root",
            Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(2)));
        IssuedCertificate api = root.issue(LeafRequest.builder("localhost").dnsName("localhost").serverAuth(true)
            .clientAuth(false).build());
        IssuedCertificate server = root.issue(LeafRequest.builder("caducee.test").dnsName("caducee.test")
            .serverAuth(true).clientAuth(true).build());
        annuaire = FakeAnnuaire.start(context(api, root.certificate()));
        operator = context(server, root.certificate());
    }

    @AfterAll
    static void stop() throws Exception {
        annuaire.close();
        postgres.close();
    }

    @BeforeEach
    void emptyQueueAndDirectory() throws Exception {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE annuaire_publication");
        }
        annuaire.reset();
        memory = new InMemoryDirectoryStore();
        queue = new JdbcPublications(database, clock);
        directory = ObservedDirectoryStore.of(memory, queue);
        publication = new Publication(queue, directory, new AnnuaireClient(annuaire.base(), operator, Duration.ofSeconds(2),
            Optional.empty()), audited::add, BACKOFF, clock);
        memory.putProfessional(new Professional(DOCTOR, "DR", "MARTIN", "Claire", "10", "", "", ""));
        memory.putProfessional(new Professional(OTHER_DOCTOR, "DR", "DURAND", "Paul", "10", "", "", ""));
        memory.putStructure(new Structure(HOSPITAL, "CHU", "", "", ""));
    }

    static Box per(BoxAddress address, IdNat holder, boolean listeRouge, BoxStatus status) {
        return new Box(address, BoxType.PER, Optional.of(holder), Optional.empty(), Optional.empty(), Set.of(),
            listeRouge, status, Instant.EPOCH, "", "");
    }

    static Box per(boolean listeRouge) {
        return per(PER, DOCTOR, listeRouge, BoxStatus.ACTIVE);
    }

    static Box org() {
        return new Box(ORG, BoxType.ORG, Optional.empty(), Optional.of(HOSPITAL), Optional.of(DOCTOR), Set.of(), false,
            BoxStatus.ACTIVE, Instant.EPOCH, "Cardiologie", "");
    }

    List<String> operationsSent() {
        return annuaire.requests().stream().map(r -> String.join("+", r.operations()) + " " + r.carrier()).toList();
    }

    JdbcPublications.Listed row(BoxAddress box) throws Exception {
        return queue.list(Optional.empty(), 100).stream().filter(r -> r.box().equals(box.address())).findFirst()
            .orElseThrow();
    }

    @Test
    void aNewBoxIsInsertedOnItsPractitionerAndAudited() throws Exception {
        directory.putBox(per(false));

        assertThat(publication.round()).isEqualTo(1);

        assertThat(operationsSent()).containsExactly("insert Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810000005479");
        assertThat(annuaire.telecom(PER.address())).hasValueSatisfying(cp -> assertThat(cp.toString())
            .contains("\"listeRouge\",\"valueBoolean\":false"));
        JdbcPublications.Listed row = row(PER);
        assertThat(row.state()).isEqualTo("published");
        assertThat(row.operation()).contains("insert");
        assertThat(row.attempts()).isEqualTo(1);
        assertThat(audited).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.PUBLISHED);
            assertThat(record.rule()).isEqualTo("annuaire-published");
            assertThat(record.via()).isEqualTo("annuaire");
            assertThat(record.recipients()).containsExactly(PER.address());
            assertThat(record.reason()).startsWith("insert Practitioner?identifier=");
        });
        assertThat(publication.round()).isZero();
    }

    @Test
    void aBoxIsNotReadWhileItsWriteIsUnderWayUnlessTheWriteNeverEnds() throws Exception {
        queue.changing(List.of(PER));
        memory.putBox(per(false));

        assertThat(publication.round()).isZero();
        assertThat(annuaire.requests()).isEmpty();

        queue.changed(List.of(PER));
        assertThat(publication.round()).isEqualTo(1);
        assertThat(operationsSent()).hasSize(1);

        queue.changing(List.of(PER));
        memory.putBox(per(true));
        clock.advance(JdbcPublications.WRITE_GRACE);
        assertThat(publication.round()).as("a write whose end was never told").isEqualTo(1);
        assertThat(operationsSent()).hasSize(2);
    }

    @Test
    void theLatestStateWinsWhenSeveralChangesWait() throws Exception {
        directory.putBox(per(false));
        directory.putBox(per(true));
        directory.putBox(per(false));
        directory.putBox(per(true));

        publication.round();

        assertThat(operationsSent()).hasSize(1);
        assertThat(annuaire.telecom(PER.address()).orElseThrow().toString()).contains("\"valueBoolean\":true");
    }

    @Test
    void aBoxCreatedAndSuspendedBeforeAnythingWasSentSendsNothing() throws Exception {
        directory.putBox(per(false));
        directory.putBox(per(PER, DOCTOR, false, BoxStatus.SUSPENDED));

        assertThat(publication.round()).isEqualTo(1);

        assertThat(annuaire.requests()).isEmpty();
        assertThat(queue.list(Optional.empty(), 100)).isEmpty();
    }

    @Test
    void aChangeIsAReplaceAndASuspensionADelete() throws Exception {
        directory.putBox(per(false));
        publication.round();
        directory.putBox(per(true));
        publication.round();
        directory.putBox(per(PER, DOCTOR, true, BoxStatus.SUSPENDED));
        publication.round();

        assertThat(operationsSent()).extracting(s -> s.substring(0, s.indexOf(' ')))
            .containsExactly("insert", "replace", "delete");
        assertThat(annuaire.telecom(PER.address())).isEmpty();
        assertThat(row(PER).state()).isEqualTo("published");
    }

    @Test
    void anUnavailableApiDefersTheBoxAndNothingElseIsSentUntilItsNextAttempt() throws Exception {
        annuaire.answer(Answer.unavailable());
        directory.putBox(per(false));
        directory.putBox(per(OTHER, OTHER_DOCTOR, false, BoxStatus.ACTIVE));

        assertThat(publication.round()).isZero();

        JdbcPublications.Listed deferred = row(PER);
        assertThat(deferred.state()).isEqualTo("pending");
        assertThat(deferred.attempts()).isEqualTo(1);
        assertThat(deferred.lastStatus()).contains(503);
        assertThat(deferred.lastError()).hasValueSatisfying(error -> assertThat(error).contains("503"));
        assertThat(deferred.nextAttempt()).contains(clock.instant().plus(Duration.ofSeconds(30)));
        assertThat(audited).singleElement().satisfies(record -> assertThat(record.rule()).isEqualTo("annuaire-deferred"));

        clock.advance(Duration.ofSeconds(29));
        assertThat(publication.round()).isZero();
        assertThat(annuaire.requests()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(publication.round()).isEqualTo(2);
        assertThat(annuaire.requests()).extracting(FakeAnnuaire.Request::carrier).containsExactly(
            "Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810000005479",
            "Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810000005479",
            "Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810000000082");
        assertThat(row(PER).attempts()).isEqualTo(2);
        assertThat(row(PER).state()).isEqualTo("published");
    }

    @Test
    void aLostAnswerToAnInsertIsFollowedByADeleteAndInsertInOneRequest() throws Exception {
        annuaire.answer(Answer.hang(Duration.ofSeconds(5)));
        directory.putBox(per(false));
        publication.round();
        clock.advance(Duration.ofSeconds(30));

        publication.round();

        assertThat(annuaire.requests()).extracting(FakeAnnuaire.Request::operations)
            .containsExactly(List.of("insert"), List.of("delete", "insert"));
        assertThat(row(PER).state()).isEqualTo("published");
    }

    @Test
    void aRefusalIsKeptWithItsOperationOutcomeUntilTheBoxChangesAgain() throws Exception {
        annuaire.answer(Answer.outcome(422, "business-rule", "Le RPPS 810000005479 est inconnu"));
        directory.putBox(per(false));

        assertThat(publication.round()).isEqualTo(1);

        JdbcPublications.Listed refused = row(PER);
        assertThat(refused.state()).isEqualTo("refused");
        assertThat(refused.outcome()).contains("error business-rule: Le RPPS 810000005479 est inconnu");
        assertThat(refused.lastStatus()).contains(422);
        assertThat(audited).singleElement().satisfies(record -> {
            assertThat(record.rule()).isEqualTo("annuaire-refused");
            assertThat(record.reason()).contains("Le RPPS 810000005479 est inconnu");
        });
        assertThat(publication.round()).isZero();

        directory.putBox(per(true));
        publication.round();
        assertThat(operationsSent()).extracting(s -> s.substring(0, s.indexOf(' '))).containsExactly("insert", "insert");
        assertThat(row(PER).state()).isEqualTo("published");
    }

    @Test
    void boxesAreSentInTheOrderOfTheirChanges() throws Exception {
        directory.putBox(per(OTHER, OTHER_DOCTOR, false, BoxStatus.ACTIVE));
        directory.putBox(per(false));
        directory.putBox(per(OTHER, OTHER_DOCTOR, true, BoxStatus.ACTIVE));

        publication.round();

        assertThat(annuaire.requests()).extracting(r -> r.parameters().get("identifier")).containsExactly(
            "urn:oid:1.2.250.1.71.4.2.1|810000005479", "urn:oid:1.2.250.1.71.4.2.1|810000000082");
    }

    @Test
    void aPerBoxAttachedToAStructureMovesFromThePractitionerToThePractitionerRole() throws Exception {
        directory.putBox(per(false));
        publication.round();
        Box attached = new Box(PER, BoxType.PER, Optional.of(DOCTOR), Optional.of(HOSPITAL), Optional.empty(), Set.of(),
            false, BoxStatus.ACTIVE, Instant.EPOCH, "", "");
        directory.putBox(attached);

        publication.round();

        assertThat(operationsSent()).containsExactly(
            "insert Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810000005479",
            "delete Practitioner?identifier=urn:oid:1.2.250.1.71.4.2.1|810000005479",
            "insert PractitionerRole?practitioner.identifier=urn:oid:1.2.250.1.71.4.2.1|810000005479"
                + "&organization.identifier=http://finess.sante.gouv.fr|123456782");
        assertThat(row(PER).heldAt()).hasValueSatisfying(at -> assertThat(at).startsWith("PractitionerRole?"));
    }

    @Test
    void anOrgBoxIsPublishedOnItsStructureAndAgainWhenItsResponsibleIsRenamed() throws Exception {
        directory.putBox(org());
        publication.round();
        directory.putProfessional(new Professional(DOCTOR, "DR", "MARTIN-LEROY", "Claire", "10", "", "", ""));
        publication.round();

        assertThat(operationsSent()).containsExactly(
            "insert Organization?identifier=urn:oid:1.2.250.1.71.4.2.2|1123456782",
            "replace Organization?identifier=urn:oid:1.2.250.1.71.4.2.2|1123456782");
        assertThat(annuaire.telecom(ORG.address()).orElseThrow().toString())
            .contains("Claire MARTIN-LEROY (idNat 810000005479)").contains("Cardiologie");
    }

    @Test
    void republishingSendsEveryBoxAsADeleteAndInsertAndASuspendedOneAsADelete() throws Exception {
        memory.putBox(per(false));
        memory.putBox(per(OTHER, OTHER_DOCTOR, false, BoxStatus.SUSPENDED));

        queue.republish(List.of(PER, OTHER));
        publication.round();

        assertThat(annuaire.requests()).extracting(FakeAnnuaire.Request::operations)
            .containsExactly(List.of("delete", "insert"), List.of("delete"));
        assertThat(row(PER).state()).isEqualTo("published");
        assertThat(row(OTHER).state()).isEqualTo("published");
        assertThat(row(OTHER).operation()).contains("delete");
        assertThat(row(OTHER).heldAt()).isEmpty();
    }

    @Test
    void aStartMakesEveryWaitingBoxDue() throws Exception {
        annuaire.answer(Answer.unavailable());
        directory.putBox(per(false));
        publication.round();

        assertThat(queue.allDue()).isEqualTo(1);
        Publication afterRestart = new Publication(queue, directory, new AnnuaireClient(annuaire.base(), operator,
            Duration.ofSeconds(2), Optional.empty()), audited::add, BACKOFF, clock);
        assertThat(afterRestart.round()).isEqualTo(1);
        assertThat(row(PER).state()).isEqualTo("published");
    }

    static SSLContext context(IssuedCertificate leaf, X509Certificate anchor) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("key", leaf.privateKey(), password, leaf.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("anchor", anchor);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
