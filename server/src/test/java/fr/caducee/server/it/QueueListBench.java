package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.cli.Caducee;
import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.NationalWhitelist;
import fr.caducee.testkit.TestClients;
import picocli.CommandLine;

/**
 * Not part of the suite (no IT suffix): {@code caducee queue list} with 10,000 mails waiting in the remote-delivery
 * queue (one mail sent to an operator that does not answer, then copied 9,999 times in the table), median of 5 runs,
 * in this JVM (the command's work: WebAdmin's listing and the printing) and as a process of its own (what an operator
 * waits for, the JVM's start included). Run it alone: {@code mvn -B -o -pl server verify -Dtest=NONE
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=QueueListBench}.
 */
class QueueListBench {
    static final String DOMAIN = "caducee.localhost";
    static final String DOCTOR = "dr.mesure@" + DOMAIN;
    static final String PASSWORD = "pass-bench-2026";
    static final String SILENT_OPERATOR = "operateur-muet.localhost";
    static final int MAILS = 10_000;
    static final int ROUNDS = 5;

    @TempDir
    static Path work;
    static CaduceeProcess server;

    @BeforeAll
    static void start() throws Exception {
        Path routes = Files.writeString(work.resolve("routes.txt"),
            SILENT_OPERATOR + "   localhost:" + CaduceeProcess.freePort() + "\n");
        Path whitelist = new NationalWhitelist().domain(SILENT_OPERATOR,
            "CN=mx.operateur-muet.localhost,OU=Operateur muet,O=Test,C=FR").writeTo(work.resolve("liste-blanche.xml"));
        server = CaduceeProcess.start(work.resolve("server"), Map.of(
            "caducee.routes", routes.toString(),
            "caducee.whitelist", whitelist.toString(),
            "caducee.relay.delays", "1 hours",
            "caducee.demo", "false"), QueueListBench.class.getSimpleName());
        TestClients.WebAdmin admin = new TestClients.WebAdmin(server);
        admin.addDomain(DOMAIN);
        admin.addBox(DOCTOR, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void queueListWithTenThousandMailsWaiting() throws Exception {
        new MailClient(server).send(DOCTOR, PASSWORD, "dr.absent@" + SILENT_OPERATOR, "Compte rendu", "Bonjour.\n".repeat(400));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
            caducee(Writer.nullWriter(), "queue", "list", "outgoing", "--json") == Caducee.DONE
                && listed("outgoing") == 1);
        Path store = server.dataDir().resolve("var/store");
        String url = "jdbc:postgresql://127.0.0.1:" + Files.readString(store.resolve("postgres.port")).strip() + "/caducee";
        try (Connection connection = DriverManager.getConnection(url, "caducee",
                Files.readString(store.resolve("postgres.secret")).strip());
             PreparedStatement copies = connection.prepareStatement("INSERT INTO caducee_spool (queue_name, mail_name, "
                 + "sender, recipients, state, error_message, remote_addr, remote_host, last_updated, attributes, "
                 + "per_recipient_headers, message, message_size, next_delivery) SELECT queue_name, mail_name || '-' || g, "
                 + "sender, recipients, state, error_message, remote_addr, remote_host, last_updated, attributes, "
                 + "per_recipient_headers, message, message_size, next_delivery FROM caducee_spool, "
                 + "generate_series(1, ?) g WHERE queue_name = 'outgoing'")) {
            copies.setInt(1, MAILS - 1);
            copies.executeUpdate();
        }
        assertThat(listed("outgoing")).isEqualTo(MAILS);

        caducee(Writer.nullWriter(), "queue", "list");
        List<Long> inJvm = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            assertThat(caducee(Writer.nullWriter(), "queue", "list")).isEqualTo(Caducee.DONE);
            inJvm.add((System.nanoTime() - start) / 1_000_000);
        }
        List<Long> process = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            Process list = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", "target/caducee-server.jar:target/lib/*", Caducee.class.getName(), "queue", "list",
                "--webadmin", "http://127.0.0.1:" + server.ports().webAdmin(), "--data", server.dataDir().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            assertThat(list.waitFor()).isEqualTo(Caducee.DONE);
            process.add((System.nanoTime() - start) / 1_000_000);
        }
        System.out.printf("QUEUE LIST, %d mails in outgoing: in this JVM %s ms (median %d ms); as a process %s ms "
            + "(median %d ms)%n", MAILS, inJvm, median(inJvm), process, median(process));
    }

    private static long listed(String queue) throws Exception {
        StringBuilder json = new StringBuilder();
        caducee(new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                json.append(buffer, offset, length);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }, "queue", "list", queue, "--json");
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toString()).size();
    }

    private static int caducee(Writer out, String... args) {
        CommandLine commandLine = Caducee.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(System.err, true));
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        arguments.addAll(List.of("--webadmin", "http://127.0.0.1:" + server.ports().webAdmin(),
            "--data", server.dataDir().toString()));
        return commandLine.execute(arguments.toArray(String[]::new));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
