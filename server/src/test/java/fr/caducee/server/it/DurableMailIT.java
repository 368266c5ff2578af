package fr.caducee.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import javax.mail.Flags;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fr.caducee.testkit.CaduceeProcess;
import fr.caducee.testkit.CaduceeServerExtension;
import fr.caducee.testkit.MailClient;
import fr.caducee.testkit.StoreScenario;

/** On the default store (the managed PostgreSQL): what a client submitted and flagged is still there after a restart or a crash. */
class DurableMailIT {
    static final String DOMAIN = "clinique.localhost";
    static final String ALICE = "alice@" + DOMAIN;
    static final String BOB = "bob@" + DOMAIN;
    static final String PASSWORD = "correct horse battery staple";

    @RegisterExtension
    static final CaduceeServerExtension caducee = new CaduceeServerExtension()
        .withBox(ALICE, PASSWORD)
        .withBox(BOB, PASSWORD);

    static CaduceeProcess server;
    static MailClient client;

    @BeforeAll
    static void clients() throws Exception {
        server = caducee.server();
        client = new MailClient(server);
    }

    @Test
    void submittedMessageIsReadOverImapsAndKeepsItsFlagsAcrossARestart() throws Exception {
        StoreScenario.submitFlagRestartAndRead(server, client, ALICE, BOB, PASSWORD);
    }

    @Test
    void expungedMessagesAndDeletedFoldersAreGoneAndTheRestIsKept() throws Exception {
        StoreScenario.expungeAndDeleteAFolder(client, ALICE, BOB, PASSWORD);
    }

    @Test
    void sigtermStopsTheServerCleanlyAndMailQueuedBeforeIsDeliveredAfterRestart() throws Exception {
        String subject = "Arrêt propre " + UUID.randomUUID();
        client.send(ALICE, PASSWORD, BOB, subject, "Accepted just before SIGTERM.");

        int exitCode = server.stop();
        // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal, nothing forced.
        assertThat(exitCode).isIn(0, 143);
        assertThat(java.nio.file.Files.readString(server.log())).contains("Stopping Caduc");
        server.startAgain();

        assertThat(client.awaitDelivered(BOB, PASSWORD, subject)).hasSize(1);
    }

    @Test
    void messageAcceptedJustBeforeAKillIsDeliveredExactlyOnceAfterRestart() throws Exception {
        String subject = "Compte rendu " + UUID.randomUUID();
        client.send(ALICE, PASSWORD, BOB, subject, "Accepted, then the server is killed.");

        server.kill();
        server.startAgain();

        List<Flags> delivered = client.awaitDelivered(BOB, PASSWORD, subject);
        assertThat(delivered).hasSize(1);
    }

    @Test
    void flagsSetJustBeforeAKillSurviveIt() throws Exception {
        String subject = "Résultats " + UUID.randomUUID();
        client.send(ALICE, PASSWORD, BOB, subject, "Flagged, then the server is killed.");
        client.awaitDelivered(BOB, PASSWORD, subject);
        client.setFlags(BOB, PASSWORD, subject, new Flags(Flags.Flag.FLAGGED));

        server.kill();
        server.startAgain();

        assertThat(client.inbox(BOB, PASSWORD, subject))
            .singleElement()
            .satisfies(flags -> assertThat(flags.contains(Flags.Flag.FLAGGED)).isTrue());
    }
}
