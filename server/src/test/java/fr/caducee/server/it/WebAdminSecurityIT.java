package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.ImapDialogue;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.admin.AdminToken;
import fr.caducee.trust.admin.OperatorKey;

/**
 * WebAdmin answers only requests that carry a token signed with the operator key of the server's data folder:
 * without one, with one signed by another key, or expired, {@code 401} and nothing changes.
 */
class WebAdminSecurityIT {
    static final String DOMAIN = "clinique-admin.localhost";
    static final String NURSE = "ide.bernard@" + DOMAIN;
    static final String PASSWORD = "pass-bernard-2026";
    static final String PASSWORD_CHANGE = "{\"password\":\"taken-over-2026\"}";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(NURSE, PASSWORD);

    @Test
    void withoutATokenAPasswordResetIsRefusedAndTheOldPasswordStillLogsIn() throws Exception {
        HttpResponse<String> reset = TestClients.WebAdmin.withoutToken(caducee.server())
            .put("/directory/boxes/" + NURSE + "/password", PASSWORD_CHANGE);

        assertThat(reset.statusCode()).isEqualTo(401);
        assertThat(reset.body()).contains("No token").contains("scripts/directory token");
        assertThat(reset.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertOldPasswordStillLogsIn();
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(3072);
        PrivateKey otherKey = generator.generateKeyPair().getPrivate();
        String forged = AdminToken.mint(otherKey, "intruder", Instant.now(), Duration.ofMinutes(5));
        TestClients.WebAdmin intruder = TestClients.WebAdmin.withToken(caducee.server(), forged);

        HttpResponse<String> reset = intruder.put("/directory/boxes/" + NURSE + "/password", PASSWORD_CHANGE);

        assertThat(reset.statusCode()).isEqualTo(401);
        assertThat(reset.body()).contains("Invalid token");
        assertThat(intruder.get("/audit").statusCode()).isEqualTo(401);
        assertOldPasswordStillLogsIn();
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        PrivateKey key = OperatorKey.readPrivateKey(caducee.server().dataDir());
        String expired = AdminToken.mint(key, "operator", Instant.now().minus(Duration.ofHours(1)), Duration.ofMinutes(5));

        HttpResponse<String> reset = TestClients.WebAdmin.withToken(caducee.server(), expired)
            .put("/directory/boxes/" + NURSE + "/password", PASSWORD_CHANGE);

        assertThat(reset.statusCode()).isEqualTo(401);
        assertOldPasswordStillLogsIn();
    }

    @Test
    void everyRouteButTheHealthCheckNeedsAToken() throws Exception {
        TestClients.WebAdmin anonymous = TestClients.WebAdmin.withoutToken(caducee.server());
        // James's routes, ours, and a path no route defines: all closed.
        for (String path : List.of("/domains", "/users", "/audit", "/audit/indicators?month=2026-12", "/directory/boxes",
                "/directory/whitelist", "/mailQueues", "/mailRepositories", "/tasks", "/no-such-route")) {
            assertThat(anonymous.get(path).statusCode()).as(path).isEqualTo(401);
        }
        assertThat(anonymous.post("/directory/whitelist/refresh", "").statusCode()).isEqualTo(401);
        // Monitoring probes the health check without a key: it changes nothing and tells only what is up.
        assertThat(anonymous.get("/healthcheck").statusCode()).isNotEqualTo(401);
    }

    /** The health check as docs/CONFIGURATION.md describes it: its answer, its codes and exactly the checks it lists. */
    @Test
    void theHealthCheckAnswersWithoutATokenWithTheChecksTheDocumentationLists() throws Exception {
        TestClients.WebAdmin anonymous = TestClients.WebAdmin.withoutToken(caducee.server());

        HttpResponse<String> health = anonymous.get("/healthcheck");

        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode answer = new ObjectMapper().readTree(health.body());
        assertThat(answer.path("status").asText()).isEqualTo("healthy");
        List<String> checks = new ArrayList<>();
        answer.path("checks").forEach(check -> {
            checks.add(check.path("componentName").asText());
            assertThat(check.path("status").asText()).as(check.toString()).isEqualTo("healthy");
        });
        assertThat(checks).containsExactlyInAnyOrderElementsOf(documentedHealthChecks());
        assertThat(anonymous.get("/healthcheck/checks/EmptyErrorMailRepository").statusCode()).isEqualTo(200);
        assertThat(anonymous.get("/healthcheck/checks/NoSuchCheck").statusCode()).isEqualTo(404);
    }

    /** The first column of the table under "The health check" in docs/CONFIGURATION.md. */
    private static List<String> documentedHealthChecks() throws Exception {
        List<String> lines = Files.readAllLines(CaduceeProcess.repositoryRoot().resolve("docs/CONFIGURATION.md"));
        int section = lines.indexOf("### The health check");
        assertThat(section).as("docs/CONFIGURATION.md has a section \"The health check\"").isNotNegative();
        Pattern row = Pattern.compile("^\\| `([^`]+)` \\|");
        List<String> names = new ArrayList<>();
        for (String line : lines.subList(section + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher matcher = row.matcher(line);
            if (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    @Test
    void aTokenSignedWithTheOperatorKeyWorksAndRefusalsAreAudited() throws Exception {
        TestClients.WebAdmin.withoutToken(caducee.server()).get("/directory/boxes/" + NURSE);

        TestClients.WebAdmin operator = new TestClients.WebAdmin(caducee.server());
        assertThat(operator.get("/directory/boxes/" + NURSE).statusCode()).isEqualTo(200);
        String refused = operator.get("/audit?decision=REFUSED&limit=100000").body();
        assertThat(refused).contains("\"rule\":\"webadmin-unauthenticated\"").contains("\"via\":\"webadmin\"");
    }

    @Test
    void theCommandLineSignsItsRequestsAndPrintsATokenForOtherClients() throws Exception {
        String webAdmin = "http://127.0.0.1:" + caducee.server().ports().webAdmin();
        String data = caducee.server().dataDir().toString();

        DirectoryIT.Cli show = DirectoryIT.Cli.run("--webadmin", webAdmin, "--data", data, "box", "show", NURSE);
        assertThat(show.exitCode()).as(show.output()).isZero();

        DirectoryIT.Cli token = DirectoryIT.Cli.run("--data", data, "token", "--minutes", "2");
        assertThat(token.exitCode()).as(token.output()).isZero();
        String printed = token.output().strip();
        assertThat(TestClients.WebAdmin.withToken(caducee.server(), printed).get("/domains").statusCode()).isEqualTo(200);

        Path elsewhere = Files.createTempDirectory("no-key-");
        DirectoryIT.Cli withoutKey = DirectoryIT.Cli.run("--webadmin", webAdmin, "--data", elsewhere.toString(),
            "box", "show", NURSE);
        assertThat(withoutKey.exitCode()).isEqualTo(2);
        assertThat(withoutKey.output()).contains("cannot read the operator key");
    }

    @Test
    void scriptsSignTheirTokenWithOpensslFromTheSameKey() throws Exception {
        Path header = Files.createTempDirectory("webadmin-").resolve("header");
        Path key = caducee.server().pkiDir().resolve(OperatorKey.FOLDER).resolve(OperatorKey.PRIVATE_KEY_FILE);
        Process mint = new ProcessBuilder("bash", "-c", "source \"$0\" && mint_webadmin_header \"$1\" \"$2\"",
            CaduceeProcess.repositoryRoot().resolve("scripts/lib/webadmin-token.sh").toString(), key.toString(),
            header.toString()).redirectErrorStream(true).start();
        String output = new String(mint.getInputStream().readAllBytes());
        assertThat(mint.waitFor()).as(output).isZero();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(header))).isEqualTo("rw-------");
        String line = Files.readString(header).strip();
        assertThat(line).startsWith("Authorization: Bearer ");
        String token = line.substring("Authorization: Bearer ".length());
        assertThat(TestClients.WebAdmin.withToken(caducee.server(), token).get("/domains").statusCode()).isEqualTo(200);
    }

    @Test
    void theOperatorKeyIsOwnerOnly() throws Exception {
        Path folder = caducee.server().pkiDir().resolve(OperatorKey.FOLDER);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        for (String file : List.of(OperatorKey.PRIVATE_KEY_FILE, OperatorKey.PUBLIC_KEY_FILE)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(file))))
                .as(file).isEqualTo("rw-------");
        }
    }

    private static void assertOldPasswordStillLogsIn() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(caducee.server())) {
            assertThat(imap.login(NURSE, PASSWORD)).startsWith("OK");
        }
    }
}
