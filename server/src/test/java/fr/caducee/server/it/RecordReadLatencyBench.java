package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.TestClients;

/**
 * Not part of the suite (no IT suffix): the record API's search (ITI-67) and retrieve (ITI-68) latency with 100,000
 * documents stored (10,000 patients, 10 documents each, 2 KB of CDA each), one doctor, sequential requests over one
 * HTTPS connection. Run it alone: {@code mvn -B -o -pl server -am verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RecordReadLatencyBench}.
 */
class RecordReadLatencyBench {
    static final String DOCTOR = "dr.mesure@bench.localhost";
    static final String PASSWORD = "pass-bench-2026";
    static final int PATIENTS = 10_000;
    static final int PER_PATIENT = 10;
    static final int ROUNDS = 1_000;

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension().withBox(DOCTOR, PASSWORD);

    @Test
    void searchAndRetrieveWith100000DocumentsStored() throws Exception {
        TestClients.WebAdmin admin = new TestClients.WebAdmin(caducee.server());
        admin.put("/directory/professionals/" + TestClients.WebAdmin.idNatFor(DOCTOR),
            "{\"lastName\":\"Mesure\",\"professionCode\":\"10\"}");
        List<String> patients = new ArrayList<>();
        for (int i = 0; patients.size() < PATIENTS; i++) {
            String number = String.format("1840575%06d", i);
            patients.add(number + String.format("%02d", 97 - Long.parseLong(number) % 97));
        }
        Path store = caducee.server().dataDir().resolve("var/store");
        String url = "jdbc:postgresql://127.0.0.1:" + Files.readString(store.resolve("postgres.port")).strip() + "/caducee";
        long seeded = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, "caducee",
                Files.readString(store.resolve("postgres.secret")).strip());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE bench_patient (n INT, ins TEXT)");
            StringBuilder values = new StringBuilder();
            for (int i = 0; i < patients.size(); i++) {
                values.append(i == 0 ? "" : ",").append("(").append(i).append(",'").append(patients.get(i)).append("')");
            }
            statement.execute("INSERT INTO bench_patient VALUES " + values);
            statement.execute("INSERT INTO record_document (id, unique_id, set_id, version, patient_ins, ins_authority, "
                + "author_idnat, type_code, title, confidentiality, status, media_type, size, sha256, content, "
                + "deposited_by, deposit_message_id, deposited_at) "
                + "SELECT gen_random_uuid(), '1.2.250.1.999.' || p.n || '.' || d, 'set-' || p.n || '-' || d, 1, p.ins, "
                + "'1.2.250.1.213.1.4.8', '810000000001', (ARRAY['11502-2','18748-4','11490-0','57833-6'])[1 + d % 4], "
                + "'Document ' || d, ARRAY['N'], 'current', 'text/xml', 2048, sha256(convert_to(repeat('x', 2048), 'UTF8')), "
                + "convert_to(repeat('x', 2048), 'UTF8'), 'lab@bench.localhost', '<' || p.n || '.' || d || '@bench>', "
                + "now() - (d || ' days')::interval FROM bench_patient p, generate_series(1, " + PER_PATIENT + ") d");
            statement.execute("ANALYZE record_document");
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM record_document")) {
                count.next();
                assertThat(count.getLong(1)).isEqualTo((long) PATIENTS * PER_PATIENT);
            }
        }
        System.out.printf("seeded %,d documents in %d ms%n", PATIENTS * PER_PATIENT, (System.nanoTime() - seeded) / 1_000_000);

        HttpClient https = HttpClient.newBuilder().sslContext(TestClients.trustingServer(caducee.server())).build();
        String authorization = "Basic " + Base64.getEncoder().encodeToString((DOCTOR + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String base = "https://localhost:" + caducee.server().ports().api();
        Random random = new Random(42);
        List<Long> searches = new ArrayList<>();
        List<Long> retrieves = new ArrayList<>();
        for (int round = -50; round < ROUNDS; round++) {
            String ins = patients.get(random.nextInt(patients.size()));
            long start = System.nanoTime();
            HttpResponse<String> found = https.send(HttpRequest.newBuilder(URI.create(base + "/fhir/DocumentReference?patient.identifier="
                + URLEncoder.encode("urn:oid:1.2.250.1.213.1.4.8|" + ins, StandardCharsets.UTF_8)))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            long searched = System.nanoTime();
            assertThat(found.statusCode()).isEqualTo(200);
            int at = found.body().indexOf("/fhir/Binary/");
            String binary = found.body().substring(at, at + "/fhir/Binary/".length() + 36);
            long retrieveStart = System.nanoTime();
            HttpResponse<byte[]> document = https.send(HttpRequest.newBuilder(URI.create(base + binary))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofByteArray());
            long retrieved = System.nanoTime();
            assertThat(document.body()).hasSize(2048);
            if (round >= 0) {
                searches.add(searched - start);
                retrieves.add(retrieved - retrieveStart);
            }
        }
        System.out.println("search (10 documents of 100,000): " + percentiles(searches));
        System.out.println("retrieve (2 KB): " + percentiles(retrieves));
    }

    private static String percentiles(List<Long> nanos) {
        Collections.sort(nanos);
        return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d requests",
            nanos.get(nanos.size() / 2) / 1e6, nanos.get(nanos.size() * 99 / 100) / 1e6, nanos.get(nanos.size() - 1) / 1e6,
            nanos.size());
    }
}
