package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.caducee.server.cli.Caducee;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.NationalWhitelist;
import fr.caducee.testkit.StubOperator;
import fr.caducee.testkit.TestClients;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import picocli.CommandLine;

/**
 * The operator's {@code caducee queue} and {@code caducee repository}, run as an operator runs them, against the
 * packaged server: a mail for an operator whose server is down waits in the remote-delivery queue; held, a flush does
 * not send it once the operator is back; released and flushed, the operator receives it once. Mails of one sender are
 * deleted by sender. A mail kept because the remote certificate's DN was not listed is reprocessed once the whitelist
 * lists it, and delivered. Each change is in the audit trail with the operator and the mails.
 */
class QueueCommandsIT {
    static final String DOMAIN = "caducee.localhost";
    static final String DOCTOR = "dr.queue@" + DOMAIN;
    static final String OTHER = "dr.autre@" + DOMAIN;
    static final String PASSWORD = "pass-queue-2026";
    /** Down at first, then up on the port its route names. */
    static final String LATE_OPERATOR = "operateur-tardif.localhost";
    static final String LATE_DN = "CN=mx.operateur-tardif.localhost,OU=Operateur tardif,O=Test,C=FR";
    /** Never up: mails for it wait. */
    static final String SILENT_OPERATOR = "operateur-muet.localhost";
    static final String SILENT_DN = "CN=mx.operateur-muet.localhost,OU=Operateur muet,O=Test,C=FR";
    /** Up, but listed under another DN until the whitelist is corrected. */
    static final String RELISTED_OPERATOR = "operateur-reliste.localhost";
    static final String RELISTED_DN = "CN=mx.operateur-reliste.localhost,OU=Operateur reliste,O=Test,C=FR";
    static final String FORMER_DN = "CN=mx.ancien.localhost,OU=Ancien operateur,O=Test,C=FR";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    static CaduceeProcess server;
    static TestClients.WebAdmin admin;
    static DevPki pki;
    static int latePort;
    static StubOperator late;
    static StubOperator relisted;
    static Path whitelist;

    @BeforeAll
    static void start() throws Exception {
        pki = DevPki.ensure(work.resolve("server/pki"), List.of("localhost"));
        latePort = CaduceeProcess.freePort();
        relisted = new StubOperator(pki.authority().issue(stubRequest().subject(RELISTED_DN).build()),
            pki.rootCertificate());
        Path routes = Files.writeString(work.resolve("routes.txt"), String.join("\n",
            LATE_OPERATOR + "   localhost:" + latePort,
            SILENT_OPERATOR + "   localhost:" + CaduceeProcess.freePort(),
            RELISTED_OPERATOR + "   localhost:" + relisted.port()) + "\n");
        whitelist = whitelist(FORMER_DN);
        server = CaduceeProcess.start(work.resolve("server"), Map.of(
            "caducee.routes", routes.toString(),
            "caducee.whitelist", whitelist.toString(),
            "caducee.relay.delays", "1 hours",
            "caducee.relay.maxRetries", "3",
            "caducee.demo", "false"), QueueCommandsIT.class.getSimpleName());
        admin = new TestClients.WebAdmin(server);
        admin.addDomain(DOMAIN);
        admin.addBox(DOCTOR, PASSWORD);
        admin.addBox(OTHER, PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        for (StubOperator stub : new StubOperator[] {late, relisted}) {
            if (stub != null) {
                stub.close();
            }
        }
    }

    @Test
    void aHeldMailIsNotSentByAFlushAndIsDeliveredOnceReleasedAndFlushed() throws Exception {
        String recipient = "dr.tardif@" + LATE_OPERATOR;
        new MailClient(server).send(DOCTOR, PASSWORD, recipient, "Compte rendu retenu", "Bonjour.");
        JsonNode waiting = awaitWaiting(recipient);
        String name = waiting.path("name").asText();
        assertThat(waiting.path("attempts").asInt()).isEqualTo(1);
        assertThat(waiting.path("state").asText()).isEqualTo("error");
        assertThat(waiting.path("lastError").asText()).as("why it waits").contains("Connection refused");

        Run list = caducee("queue", "list", "outgoing");
        assertThat(list.status).isEqualTo(Caducee.DONE);
        assertThat(list.out).contains("outgoing", name, DOCTOR + " -> " + recipient, "last error: ");

        late = new StubOperator(pki.authority().issue(stubRequest().subject(LATE_DN).build()), pki.rootCertificate(),
            latePort);
        Run hold = caducee("queue", "hold", name);
        assertThat(hold.status).isEqualTo(Caducee.DONE);
        assertThat(hold.out).contains("held: outgoing " + name, "1 mail(s) held.");
        assertThat(caducee("queue", "list").out).contains("held");

        Run flush = caducee("queue", "flush", "outgoing");
        assertThat(flush.status).isEqualTo(Caducee.DONE);
        assertThat(flush.out).doesNotContain(name);
        Thread.sleep(3000);
        assertThat(late.recipients()).as("a held mail is not sent").isEmpty();

        assertThat(caducee("queue", "release", name).out).contains("released: outgoing " + name);
        assertThat(caducee("queue", "flush", name).out).contains("flushed: outgoing " + name);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
            assertThat(late.recipients()).contains("<" + recipient + ">"));
        Thread.sleep(3000);
        assertThat(late.recipients()).as("received once").containsExactly("<" + recipient + ">");
        Run show = caducee("queue", "show", name);
        assertThat(show.status).isEqualTo(Caducee.PROBLEMS);
        assertThat(show.err).contains("there is no mail '" + name + "' in the queues").doesNotContain("\tat ");
        assertThat(trail()).contains("\"rule\":\"queue-held\"", "\"rule\":\"queue-released\"", name);
    }

    @Test
    void deletingBySenderRemovesThatSendersMailsAndSaysWhich() throws Exception {
        new MailClient(server).send(OTHER, PASSWORD, "dr.un@" + SILENT_OPERATOR, "Premier", "Bonjour.");
        new MailClient(server).send(OTHER, PASSWORD, "dr.deux@" + SILENT_OPERATOR, "Second", "Bonjour.");
        String first = awaitWaiting("dr.un@" + SILENT_OPERATOR).path("name").asText();
        String second = awaitWaiting("dr.deux@" + SILENT_OPERATOR).path("name").asText();

        Run delete = caducee("queue", "delete", "--sender", OTHER, "--yes");

        assertThat(delete.status).isEqualTo(Caducee.DONE);
        assertThat(delete.out).contains("deleted: outgoing " + first, "deleted: outgoing " + second,
            "2 mail(s) deleted.");
        assertThat(caducee("queue", "list", "--json").out).doesNotContain(OTHER);
        assertThat(trail()).contains("\"rule\":\"queue-deleted\"", first, second);
    }

    @Test
    void aKeptMailIsReprocessedAndDeliveredOnceItsCauseIsFixed() throws Exception {
        String recipient = "dr.reliste@" + RELISTED_OPERATOR;
        new MailClient(server).send(DOCTOR, PASSWORD, recipient, "Refuse puis renvoye", "Bonjour.");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
            assertThat(caducee("repository", "list").out).containsPattern("var/mail/remote-refused\\s+1"));
        assertThat(relisted.recipients()).isEmpty();
        Run show = caducee("repository", "show", "remote-refused");
        assertThat(show.out).contains(DOCTOR + " -> " + recipient);
        String key = show.out.lines().filter(line -> line.contains(recipient)).findFirst().orElseThrow().split(" ")[0];

        whitelist(RELISTED_DN);
        TestClients.WebAdmin.expect(200, admin.post("/directory/whitelist/refresh", ""));
        Run reprocess = caducee("repository", "reprocess", "remote-refused", key, "--processor", "transport");

        assertThat(reprocess.status).as(reprocess.err).isEqualTo(Caducee.DONE);
        assertThat(reprocess.out).contains("reprocessed into processor transport", "completed");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
            assertThat(relisted.recipients()).containsExactly("<" + recipient + ">"));
        assertThat(caducee("repository", "list").out).containsPattern("var/mail/remote-refused\\s+0");
        assertThat(trail()).contains("\"rule\":\"mail-administered\"", "action=reprocess");
    }

    @Test
    void anUnknownQueueOrMailIsExitStatusOneWithASentence() {
        Run queue = caducee("queue", "list", "nowhere");
        assertThat(queue.status).isEqualTo(Caducee.PROBLEMS);
        assertThat(queue.err).contains("there is no queue 'nowhere': the queues are", "outgoing", "spool");

        Run mail = caducee("queue", "hold", "Mail0-unknown");
        assertThat(mail.status).isEqualTo(Caducee.PROBLEMS);
        assertThat(mail.err).contains("there is no mail 'Mail0-unknown'");

        Run repository = caducee("repository", "show", "nowhere");
        assertThat(repository.status).isEqualTo(Caducee.PROBLEMS);
        assertThat(repository.err).doesNotContain("\tat ");
    }

    @Test
    void theProcessorAKeptMailFailedInIsFoundFromTheMailetItsErrorNames() throws Exception {
        JsonNode answer = JSON.readTree(admin.get("/queues/processors?mailet=fr.caducee.rules.audit.AuditedLocalDelivery")
            .body());

        assertThat(answer.path("processors").toString()).isEqualTo("[\"transport\"]");
    }

    private static JsonNode awaitWaiting(String recipient) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            found.clear();
            for (JsonNode mail : JSON.readTree(caducee("queue", "list", "outgoing", "--json").out)) {
                if (mail.path("recipients").toString().contains(recipient) && mail.path("attempts").asInt() >= 1
                    && !mail.path("processing").asBoolean()) {
                    found.add(mail);
                }
            }
            assertThat(found).hasSize(1);
        });
        return found.get(0);
    }

    private static Path whitelist(String relistedDn) throws Exception {
        return new NationalWhitelist()
            .domain(LATE_OPERATOR, LATE_DN)
            .domain(SILENT_OPERATOR, SILENT_DN)
            .domain(RELISTED_OPERATOR, relistedDn)
            .writeTo(work.resolve("liste-blanche.xml"));
    }

    /** The operator's actions in the audit trail, as WebAdmin answers them. */
    private static String trail() throws Exception {
        return admin.get("/audit?decision=OPERATOR_ACTION").body();
    }

    private record Run(int status, String out, String err) {
    }

    private static Run caducee(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Caducee.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.addAll(List.of("--webadmin", "http://127.0.0.1:" + server.ports().webAdmin(),
            "--data", server.dataDir().toString()));
        int status = commandLine.execute(arguments.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    private static LeafRequest.Builder stubRequest() {
        return LeafRequest.builder("localhost").dnsName("localhost").serverAuth(true).clientAuth(true);
    }
}
