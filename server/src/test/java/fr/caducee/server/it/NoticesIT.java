package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.mail.Header;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.StubRelay;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.LeafRequest;

/**
 * Notices to patients' personal addresses, end to end: a professional writes over SMTP to patients of the packaged
 * server, whose notices leave through a stub outbound relay on loopback, over STARTTLS; what the relay gets says
 * nothing of the message. A patient without an address gets nothing, a burst is told once, and with the relay off
 * nothing is even written.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoticesIT {
    static final String DOMAIN = "hopital-avis.localhost";
    static final String PATIENT_DOMAIN = "patient." + DOMAIN;
    static final String DOCTOR = "dr.lemaire@" + DOMAIN;
    static final String PATIENT = "146026322000196@" + PATIENT_DOMAIN;
    static final String WITHOUT_ADDRESS = "269029912345614@" + PATIENT_DOMAIN;
    static final String BUSY = "179129900012371@" + PATIENT_DOMAIN;
    static final String PERSONAL = "avis.patient@exemple.fr";
    static final String BUSY_PERSONAL = "avis.occupe@exemple.fr";
    static final String PASSWORD = "mot de passe des avis";
    static final String ORIGIN = "https://messagerie.operateur-avis.localhost";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    static CaduceeProcess server;
    static StubRelay relay;

    @BeforeAll
    static void start() throws Exception {
        // The server's development PKI, made first so that the relay's certificate comes from the root it trusts.
        DevPki pki = DevPki.ensure(work.resolve("server/pki"), List.of("localhost"));
        relay = StubRelay.withStartTls(pki.authority().issue(LeafRequest.builder("localhost").dnsName("localhost")
            .serverAuth(true).build()), Optional.empty());
        server = CaduceeProcess.start(work.resolve("server"), Map.of(
            "caducee.webmail.notices.relay", "localhost:" + relay.port(),
            "caducee.webmail.origin", ORIGIN,
            "caducee.demo", "false"), NoticesIT.class.getSimpleName());
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        admin.addDomain(DOMAIN);
        admin.addDomain(PATIENT_DOMAIN);
        for (String box : List.of(DOCTOR, PATIENT, WITHOUT_ADDRESS, BUSY)) {
            admin.addBox(box, PASSWORD);
        }
        // What the webmail's settings page writes: the personal address, or none.
        sql("INSERT INTO webmail_account (patient, notify_address) VALUES (?, ?), (?, NULL), (?, ?)",
            PATIENT, PERSONAL, WITHOUT_ADDRESS, BUSY, BUSY_PERSONAL);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    @Order(1)
    void aPatientIsToldAtTheirAddressThatSomethingWaitsAndNothingMore() throws Exception {
        String subject = "Résultats de biopsie DURAND " + UUID.randomUUID();
        new MailClient(server).send(DOCTOR, PASSWORD, PATIENT, subject,
            "Madame, le prélèvement montre un carcinome ; rappelez le secrétariat de cancérologie.");
        long accepted = System.nanoTime();

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).until(() -> noticesTo(PERSONAL).size() == 1);
        System.out.printf("NoticesIT: the notice reached the relay %d ms after the message's 250%n",
            (System.nanoTime() - accepted) / 1_000_000);
        StubRelay.Received notice = noticesTo(PERSONAL).get(0);
        assertThat(notice.overTls()).isTrue();
        assertThat(notice.mailFrom()).isEqualTo("<ne-pas-repondre@caducee.localhost>");
        MimeMessage read = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(notice.data().getBytes(StandardCharsets.UTF_8)));
        String text = (String) read.getContent();
        assertThat(read.getSubject()).isEqualTo("Du nouveau sur votre messagerie santé");
        assertThat(read.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(text).contains(ORIGIN + "/").contains("Un nouveau message ou un nouveau document vous attend");
        // Every header and body line, as sent and as a reader sees it.
        List<String> lines = new ArrayList<>(List.of(notice.data().split("\r\n")));
        for (Enumeration<Header> headers = read.getAllHeaders(); headers.hasMoreElements(); ) {
            Header header = headers.nextElement();
            lines.add(header.getName() + ": " + MimeUtility.decodeText(header.getValue()));
        }
        lines.addAll(List.of(text.split("\r\n")));
        for (String secret : List.of(subject, "biopsie", "DURAND", "carcinome", "cancérologie", DOCTOR, "lemaire",
                DOMAIN, "146026322000196")) {
            assertThat(lines).as(secret).noneMatch(line -> line.toLowerCase().contains(secret.toLowerCase()));
        }

        String trail = audit(PATIENT);
        assertThat(trail).contains("webmail-notice-sent").doesNotContain(PERSONAL);
    }

    @Test
    @Order(2)
    void aPatientWithoutAnAddressIsNotTold() throws Exception {
        int before = relay.received().size();
        new MailClient(server).send(DOCTOR, PASSWORD, WITHOUT_ADDRESS, "Convocation " + UUID.randomUUID(), "Bonjour.");

        await().atMost(PATIENCE).until(() -> audit(WITHOUT_ADDRESS).contains("\"decision\":\"DELIVERED\""));
        Thread.sleep(3_000);
        assertThat(count("SELECT count(*) FROM webmail_notice WHERE patient = ?", WITHOUT_ADDRESS)).isZero();
        assertThat(relay.received()).hasSize(before);
    }

    @Test
    @Order(3)
    void aBurstOfMessagesIsToldByOneNotice() throws Exception {
        MailClient client = new MailClient(server);
        for (int i = 1; i <= 5; i++) {
            client.send(DOCTOR, PASSWORD, BUSY, "Suivi " + i + " " + UUID.randomUUID(), "Message " + i + ".");
        }

        await().atMost(PATIENCE).until(() -> delivered(BUSY) == 5 && noticesTo(BUSY_PERSONAL).size() == 1);
        // Past the worker's poll: whatever came after the first notice waits its quarter of an hour.
        Thread.sleep(7_000);
        assertThat(noticesTo(BUSY_PERSONAL)).hasSize(1);
        assertThat(count("SELECT count(*) FROM webmail_notice WHERE patient = ? AND sent_at IS NULL"
            + " AND next_attempt < (SELECT max(sent_at) FROM webmail_notice WHERE patient = ?) + interval '15 minutes'",
            BUSY, BUSY)).isZero();
    }

    @Test
    @Order(4)
    void withTheRelayOffNothingIsWrittenNorSent() throws Exception {
        server.restartWith("caducee.webmail.notices.relay", "");
        assertThat(Files.readString(server.log())).contains("Notices to patients' personal addresses: off");
        long rows = count("SELECT count(*) FROM webmail_notice WHERE patient = ?", PATIENT);
        int received = relay.received().size();
        int deliveredBefore = delivered(PATIENT);

        new MailClient(server).send(DOCTOR, PASSWORD, PATIENT, "Relais coupé " + UUID.randomUUID(), "Bonjour.");

        await().atMost(PATIENCE).until(() -> delivered(PATIENT) > deliveredBefore);
        Thread.sleep(3_000);
        assertThat(count("SELECT count(*) FROM webmail_notice WHERE patient = ?", PATIENT)).isEqualTo(rows);
        assertThat(relay.received()).hasSize(received);
    }

    private static List<StubRelay.Received> noticesTo(String address) {
        return relay.received().stream().filter(received -> received.rcptTo().contains("<" + address + ">")).toList();
    }

    private static String audit(String box) throws Exception {
        return new TestClients.WebAdmin(server).get("/audit?limit=1000&box="
            + URLEncoder.encode(box, StandardCharsets.UTF_8)).body();
    }

    private static int delivered(String box) throws Exception {
        return audit(box).split("\"decision\":\"DELIVERED\"", -1).length - 1;
    }

    private static Connection database() throws Exception {
        Path store = server.dataDir().resolve("var/store");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                + Files.readString(store.resolve("postgres.port")).strip() + "/caducee", "caducee",
            Files.readString(store.resolve("postgres.secret")).strip());
    }

    private static void sql(String statement, String... parameters) throws Exception {
        try (Connection connection = database(); PreparedStatement update = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setString(i + 1, parameters[i]);
            }
            update.executeUpdate();
        }
    }

    private static long count(String query, String... parameters) throws Exception {
        try (Connection connection = database(); PreparedStatement select = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
