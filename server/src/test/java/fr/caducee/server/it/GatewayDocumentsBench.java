package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.domain.documents.AnsSamples.Sample;
import fr.caducee.domain.identifier.Luhn;
import fr.caducee.gateway.report.AnsDocumentMessages;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MllpClient;
import fr.caducee.testkit.TestClients;

/**
 * Not part of the suite (no IT suffix): documents per second through the ORU path. ANS's lab report ORU, each message
 * a distinct document (the CDA's id and set given an extension), to the record, one professional and the patient
 * (three mails each), sent by 4 hospital connections over MLLP with TLS. Measured: the rate of {@code AA} (every mail
 * of the message in the spool), each message's time to its {@code AA} (p50, p99), and the time until the record holds
 * every document. Run it alone: {@code mvn -B -o -pl server -am verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=GatewayDocumentsBench}.
 */
class GatewayDocumentsBench {
    static final String DOMAIN = "chu-mesure.localhost";
    static final GatewayHospital HOSPITAL = new GatewayHospital(DOMAIN, Luhn.withCheckDigit("69000003"));
    static final String GP = "dr.mesure@" + DOMAIN;
    static final String PATIENT = AnsSamples.PATIENT_INS + "@patient." + DOMAIN;
    static final int CONNECTIONS = 4;
    static final int WARM_UP = 20;
    static final int MESSAGES = 400;

    @RegisterExtension
    static final CaduceeServerExtension caducee = HOSPITAL.declaredOn(new CaduceeServerExtension()
        .withProperty("caducee.demo", "false")
        .withProperty("caducee.defaultDomain", DOMAIN)
        .withProperty("caducee.records.box", "dmp@" + DOMAIN)
        .withProperty("caducee.records.structure", "750000044")
        .withBox(GP, GatewayHospital.PASSWORD));

    @Test
    void documentsPerSecondThroughTheOruPath() throws Exception {
        HOSPITAL.register(caducee.server());
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        TestClients.WebAdmin.expect(201, admin.put("/directory/professionals/" + AnsSamples.BIO_AUTHOR_REGISTRABLE,
            "{\"title\":\"DR\",\"lastName\":\"CAMPARINI\",\"firstName\":\"Marcel\",\"professionCode\":\"10\"}"));
        admin.addDomain("patient." + DOMAIN);
        TestClients.WebAdmin.expect(201, admin.put("/directory/patients/" + AnsSamples.PATIENT_INS,
            "{\"lastName\":\"" + AnsSamples.PATIENT_FAMILY_NAME + "\",\"firstName\":\"DOMINIQUE\",\"birthDate\":\""
                + AnsSamples.PATIENT_BIRTH_DATE + "\",\"domain\":\"" + DOMAIN + "\"}"));

        run(0, WARM_UP);
        long start = System.nanoTime();
        List<Long> latencies = run(WARM_UP, MESSAGES);
        double seconds = (System.nanoTime() - start) / 1e9;
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(250))
            .until(() -> storedDocuments() >= WARM_UP + MESSAGES);
        double recorded = (System.nanoTime() - start) / 1e9;

        Collections.sort(latencies);
        System.out.printf("GATEWAY-DOCUMENTS %d ORU^R01 over %d connections: %.1f s to the last AA, %.1f messages/s "
                + "(%.1f mails/s); AA latency p50 %d ms, p99 %d ms; all %d documents in the record after %.1f s (%.1f/s)%n",
            MESSAGES, CONNECTIONS, seconds, MESSAGES / seconds, 3 * MESSAGES / seconds,
            latencies.get(latencies.size() / 2), latencies.get((int) (latencies.size() * 0.99)),
            MESSAGES, recorded, MESSAGES / recorded);
    }

    /** Sends messages {@code from} to {@code from + count - 1}, spread over the connections; each one's time to AA. */
    private static List<Long> run(int from, int count) throws Exception {
        AtomicInteger next = new AtomicInteger(from);
        ExecutorService hospitals = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            results.add(hospitals.submit(() -> {
                List<Long> times = new ArrayList<>();
                try (MllpClient hospital = HOSPITAL.connect(caducee.server())) {
                    for (int i = next.getAndIncrement(); i < from + count; i = next.getAndIncrement()) {
                        String message = message(i);
                        long sent = System.nanoTime();
                        String ack = hospital.send(message);
                        times.add((System.nanoTime() - sent) / 1_000_000);
                        assertThat(GatewayHospital.field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
                    }
                }
                return times;
            }));
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<List<Long>> result : results) {
            latencies.addAll(result.get());
        }
        hospitals.shutdown();
        return latencies;
    }

    /** ANS's ORU whose document is the n-th of its own set, to this server's professional and patient. */
    private static String message(int n) {
        byte[] cda = AnsSamples.replace(AnsSamples.replace(AnsSamples.registrable(Sample.BIO),
            "<id root=\"1.2.250.1.213.1.1.12\"/>", "<id root=\"1.2.250.1.213.1.1.12\" extension=\"B" + n + "\"/>"),
            "<setId root=\"1.2.250.1.213.1.1.9\"/>", "<setId root=\"1.2.250.1.213.1.1.9\" extension=\"S" + n + "\"/>");
        return AnsDocumentMessages.of(AnsDocumentMessages.ORU_INITIAL, cda)
            .controlId("BENCH-" + n)
            .sendingFacility("labo^" + HOSPITAL.finess + "^M")
            .flag("ACK_RECEPTION", false).flag("ACK_LECTURE_MSS", false)
            .replace("adam.hoda@test-ci-sis.mssante.fr", GP)
            .replace("279035121518989@patient.mssante.fr", PATIENT)
            .text();
    }

    private static long storedDocuments() throws Exception {
        Path store = caducee.server().dataDir().resolve("var/store");
        String url = "jdbc:postgresql://127.0.0.1:" + Files.readString(store.resolve("postgres.port")).strip()
            + "/caducee";
        try (Connection connection = DriverManager.getConnection(url, "caducee",
                Files.readString(store.resolve("postgres.secret")).strip());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM record_document")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
