package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.Pem;

/**
 * {@code /healthcheck} on a running server made degraded and unhealthy by real means: a disk reserve close to the
 * free space, a server certificate expiring in 30 days issued by the development CA, a revocation list about to
 * expire and one whose nextUpdate passes; the answer's JSON and its 503. (A fresh demo server, every check healthy:
 * WebAdminSecurityIT, against the table of docs/CONFIGURATION.md; a real OpenLDAP frozen, Directory unhealthy:
 * LoginDirectoryDownIT.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthChecksIT {
    static final List<String> OURS = List.of("Directory", "AuditTrail", "RevocationLists", "Whitelist", "DiskReserve",
        "CertificateExpiry", "Database");

    @TempDir
    static Path folder;
    static CaduceeProcess server;
    static long reserveMegabytes;

    @BeforeAll
    static void start() throws Exception {
        // A reserve between half the free space and all of it: mail is accepted, the check warns.
        Path data = Files.createDirectories(folder.resolve("data"));
        reserveMegabytes = Files.getFileStore(data).getUsableSpace() / (1024 * 1024) * 7 / 10;
        server = CaduceeProcess.start(data, Map.of("caducee.storage.reserveMegabytes", String.valueOf(reserveMegabytes)),
            "HealthChecksIT");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void everyCheckIsListedAndADiskNearItsReserveIsDegradedWithTheFigures() throws Exception {
        HttpResponse<String> answer = TestClients.WebAdmin.withoutToken(server).get("/healthcheck");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode json = new ObjectMapper().readTree(answer.body());
        assertThat(json.path("status").asText()).isEqualTo("degraded");
        Map<String, JsonNode> checks = checks(json);
        assertThat(checks).containsKeys(OURS.toArray(String[]::new));
        for (String name : OURS) {
            assertThat(checks.get(name).path("status").asText()).as(checks.get(name).toString())
                .isEqualTo(name.equals("DiskReserve") ? "degraded" : "healthy");
        }
        assertThat(checks.get("DiskReserve").path("cause").asText()).contains("MB free in the data folder")
            .contains("reserve " + reserveMegabytes + " MB");
    }

    @Test
    @Order(2)
    void aServerCertificateExpiringInThirtyDaysIsDegradedWithTheDaysLeft() throws Exception {
        TlsReloadIT.writeServerKeystore(server, Duration.ofDays(30).plusHours(2));
        assertThat(CaduceeCommand.reload(server).exitCode()).isZero();

        JsonNode check = check("CertificateExpiry", 200);

        assertThat(check.path("status").asText()).isEqualTo("degraded");
        assertThat(check.path("cause").asText()).contains("the server certificate").contains("expires in 30 day(s)")
            .contains(DevPki.SERVER_SUBJECT).contains("caducee reload");
    }

    @Test
    @Order(3)
    void aRevocationListExpiringWithinADayIsDegraded() throws Exception {
        Instant nextUpdate = Instant.now().plus(Duration.ofHours(12));
        writeDevelopmentRevocationList(nextUpdate);
        assertThat(CaduceeCommand.reload(server).exitCode()).isZero();

        JsonNode check = check("RevocationLists", 200);

        assertThat(check.path("status").asText()).isEqualTo("degraded");
        assertThat(check.path("cause").asText()).contains("expiring within a day").contains(DevPki.ROOT_COMMON_NAME);
    }

    @Test
    @Order(4)
    void aRevocationListWhoseNextUpdatePassedMakesTheServerUnhealthyWith503() throws Exception {
        writeDevelopmentRevocationList(Instant.now().plus(Duration.ofSeconds(5)));
        HttpResponse<String> reload = new TestClients.WebAdmin(server).post("/tls/reload", "");
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        Thread.sleep(6_000);

        HttpResponse<String> answer = TestClients.WebAdmin.withoutToken(server).get("/healthcheck");

        assertThat(answer.statusCode()).isEqualTo(503);
        JsonNode json = new ObjectMapper().readTree(answer.body());
        assertThat(json.path("status").asText()).isEqualTo("unhealthy");
        JsonNode lists = checks(json).get("RevocationLists");
        assertThat(lists.path("status").asText()).isEqualTo("unhealthy");
        assertThat(lists.path("cause").asText()).contains("1 of 1 revocation list(s)").contains("454 4.7.0");
        check("RevocationLists", 503);

        // A current list, reloaded: healthy again.
        writeDevelopmentRevocationList(Instant.now().plus(Duration.ofDays(30)));
        assertThat(CaduceeCommand.reload(server).exitCode()).isZero();
        assertThat(check("RevocationLists", 200).path("status").asText()).isEqualTo("healthy");
    }

    private static JsonNode check(String name, int status) throws Exception {
        HttpResponse<String> answer = TestClients.WebAdmin.withoutToken(server).get("/healthcheck/checks/" + name);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        return new ObjectMapper().readTree(answer.body());
    }

    private static Map<String, JsonNode> checks(JsonNode answer) {
        Map<String, JsonNode> checks = new HashMap<>();
        answer.path("checks").forEach(check -> checks.put(check.path("componentName").asText(), check));
        return checks;
    }

    /** The development root's revocation list, issued again by its CA with this nextUpdate, where the server reads it. */
    private static void writeDevelopmentRevocationList(Instant nextUpdate) throws Exception {
        Path pki = server.pkiDir();
        CertificateAuthority ca = CertificateAuthority.load(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE),
            pki.resolve(DevPki.ROOT_KEY_FILE));
        Path written = pki.resolve("dev-root-ca.crl.new");
        Pem.writeRevocationList(written, ca.issueRevocationList(List.of(), Instant.now(), nextUpdate));
        Files.move(written, pki.resolve(DevPki.REVOCATION_LIST_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
